{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{TITLE}} · Reserva back office</title>
<link rel="stylesheet" href="/static/css/store.css">
<link rel="stylesheet" href="/static/css/admin.css">
</head>
<body class="admin">
<header class="site-header admin-header">
  <a class="brand" href="/admin/">Reserva <span class="brand-tag">admin</span></a>
  {{#SIGNED_IN}}<nav class="admin-nav" aria-label="Back office">
    <a href="/admin/">Today</a>
    <a href="/admin/orders/">Orders</a>
    <a href="/admin/products/">Products</a>
    <a href="/admin/stock/">Stock</a>
    {{#OWNER}}<a href="/admin/staff/">Staff</a>
    <a href="/admin/audit/">Audit log</a>{{/OWNER}}
    <form class="nav-form" method="post" action="/admin/logout/"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="link-button" title="Signed in as {{STAFF_NAME}} ({{STAFF_ROLE}})">Sign out</button></form>
  </nav>{{/SIGNED_IN}}
</header>
<main class="page admin-page">
{{>BODY}}
</main>
</body>
</html>
