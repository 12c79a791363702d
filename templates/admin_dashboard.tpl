{{%AUTOESCAPE context="HTML"}}<h1>Today</h1>
<p>Hello, {{STAFF_NAME}}.</p>
