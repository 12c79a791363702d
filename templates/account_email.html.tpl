{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en"><body style="font-family: sans-serif; color: #1f1d1a;">
<h1 style="font-size: 20px;">{{HEADING}}</h1>
{{#PARAGRAPH}}<p>{{TEXT}}</p>
{{/PARAGRAPH}}{{#ACTION}}<p><a href="{{URL}}" style="display: inline-block; padding: 10px 16px; background: #1f1d1a; color: #ffffff; text-decoration: none; border-radius: 4px;">{{LABEL}}</a></p>
<p style="font-size: 13px; color: #5c574f;">If the button does not work, copy this address into your browser: {{URL}}</p>
{{/ACTION}}<p><a href="{{STORE_URL}}">Reserva</a></p>
</body></html>
