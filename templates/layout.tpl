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
    {{#SIGNED_IN}}<a href="/my_orders/">My orders</a>
    <a href="/addresses/">Addresses</a>
    <a href="/account/">My account</a>
    <form class="nav-form" method="post" action="/logout/"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="link-button" title="Signed in as {{NAME}}">Sign out</button></form>{{/SIGNED_IN}}
    {{#SIGNED_OUT}}<a href="/login/">Sign in</a>{{/SIGNED_OUT}}
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
