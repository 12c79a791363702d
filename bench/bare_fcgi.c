/* The bare FastCGI baseline: a minimal libfcgi responder that answers every request with the
 * bytes of one file (read once at start), so nginx -> FastCGI -> nginx costs can be measured
 * without any application work.  Built and run by bench/run:
 *   cc -O2 -o bare_fcgi bench/bare_fcgi.c -lfcgi -lpthread
 *   bare_fcgi 127.0.0.1:PORT BODY_FILE [THREADS]     (THREADS defaults to 1) */
#include <fcgiapp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static char *body;
static long body_len;
static int sock;

static void *serve(void *unused) {
    FCGX_Request req;
    (void)unused;
    FCGX_InitRequest(&req, sock, 0);
    while (FCGX_Accept_r(&req) >= 0) {
        FCGX_FPrintF(req.out, "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n");
        FCGX_PutStr(body, (int)body_len, req.out);
        FCGX_Finish_r(&req);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s HOST:PORT BODY_FILE [THREADS]\n", argv[0]); return 2; }
    FILE *f = fopen(argv[2], "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0 || (body_len = ftell(f)) < 0) { perror(argv[2]); return 1; }
    rewind(f);
    body = malloc(body_len + 1);
    if (!body || fread(body, 1, body_len, f) != (size_t)body_len) { perror(argv[2]); return 1; }
    fclose(f);
    int threads = argc > 3 ? atoi(argv[3]) : 1;
    if (FCGX_Init() != 0 || (sock = FCGX_OpenSocket(argv[1], 1024)) < 0) { fprintf(stderr, "cannot listen on %s\n", argv[1]); return 1; }
    pthread_t t[64];
    if (threads < 1) threads = 1;
    if (threads > 64) threads = 64;
    for (int i = 1; i < threads; i++) pthread_create(&t[i], NULL, serve, NULL);
    serve(NULL);
    return 0;
}
