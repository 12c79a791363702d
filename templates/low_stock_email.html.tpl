{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en"><body style="font-family: sans-serif; color: #1f1d1a;">
<h1 style="font-size: 20px;">{{COUNT}} variant(s) low on stock</h1>
<p>These fell to their low-stock threshold:</p>
<table cellpadding="6" style="border-collapse: collapse;">
<thead><tr><th align="left">SKU</th><th align="left">Product</th><th align="left">Color</th><th align="left">Size</th><th align="right">On hand</th><th align="right">Held</th><th align="right">Threshold</th></tr></thead>
<tbody>
{{#VARIANT}}<tr style="border-top: 1px solid #ddd;"><td>{{SKU}}</td><td>{{PRODUCT}}</td><td>{{COLOR}}</td><td>{{SIZE}}</td><td align="right">{{ON_HAND}}</td><td align="right">{{#HAS_HELD}}{{HELD}}{{/HAS_HELD}}</td><td align="right">{{THRESHOLD}}</td></tr>
{{/VARIANT}}</tbody>
</table>
<p><a href="{{STOCK_URL}}">Every low variant</a></p>
</body></html>
