#define BOOST_TEST_MODULE reserva unit tests
#include <boost/test/unit_test.hpp>
