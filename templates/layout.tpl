{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · Reserva</title>
<link rel="stylesheet" href="/static/css/store.css">
</head>
<body>
<header class="site-header">
  <a class="brand" href="/store/">Reserva</a>
  <nav class="site-nav" aria-label="Main">
    <a href="/store/">Store</a>
    <a class="cart-link" href="/cart/">Cart{{#CART_KNOWN}} <span class="cart-count" data-cart-count="{{CART_COUNT}}">{{CART_COUNT}}</span>{{/CART_KNOWN}}</a>
  </nav>
</header>
<main class="page">
{{>BODY}}
</main>
<footer class="site-footer">
  <p>Reserva · clothing made to last · prices in Brazilian reais</p>
</footer>
</body>
</html>
