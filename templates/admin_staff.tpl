{{%AUTOESCAPE context="HTML"}}<h1>Staff</h1>
{{#NOTICE}}<p class="alert alert-info" role="status">{{MESSAGE}}</p>{{/NOTICE}}
{{#ERROR}}<p class="alert alert-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
<div class="table-wrap"><table class="admin-table">
  <thead><tr><th>Name</th><th>E-mail</th><th>Role</th><th>Second factor</th><th>Status</th><th>Since</th><th>Actions</th></tr></thead>
  <tbody>
  {{#MEMBER}}<tr class="staff-row" data-staff-email="{{EMAIL}}" data-staff-role="{{ROLE}}" data-staff-status="{{STATUS}}">
    <td data-label="Name">{{NAME}}</td><td data-label="E-mail">{{EMAIL}}</td><td data-label="Role">{{ROLE}}</td>
    <td data-label="Second factor">{{SECOND_FACTOR}}</td><td data-label="Status">{{STATUS}}</td><td data-label="Since">{{CREATED}}</td>
    <td data-label="Actions" class="row-actions">
      {{#CAN_DISABLE}}<form method="post" action="/admin/staff/"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="disable"><input type="hidden" name="email" value="{{EMAIL}}"><button type="submit" class="button button-small">Disable</button></form>{{/CAN_DISABLE}}
      {{#CAN_REQUIRE}}<form method="post" action="/admin/staff/"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="require_totp"><input type="hidden" name="email" value="{{EMAIL}}"><button type="submit" class="button button-small">Require second factor</button></form>{{/CAN_REQUIRE}}
    </td>
  </tr>{{/MEMBER}}
  </tbody>
</table></div>
<div class="admin-forms">
<section class="admin-card">
  <h2>Add a person</h2>
  <form method="post" action="/admin/staff/">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="add">
    <label for="add-name">Name</label><input type="text" id="add-name" name="name" required maxlength="200">
    <label for="add-email">E-mail</label><input id="add-email" type="email" name="email" required maxlength="254">
    <label for="add-role">Role</label>
    <select id="add-role" name="role"><option value="staff">Staff: orders, fulfilment, notes, products, stock</option><option value="owner">Owner: everything, refunds and staff too</option></select>
    <label for="add-password">First password (at least 10 characters)</label><input id="add-password" type="password" name="password" required minlength="10" maxlength="200" autocomplete="new-password">
    <button type="submit" class="button button-primary">Add</button>
  </form>
</section>
<section class="admin-card">
  <h2>Reset a password</h2>
  <form method="post" action="/admin/staff/">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="password">
    <label for="reset-email">E-mail</label><input id="reset-email" type="email" name="email" required maxlength="254">
    <label for="reset-password">New password</label><input id="reset-password" type="password" name="password" required minlength="10" maxlength="200" autocomplete="new-password">
    <button type="submit" class="button">Reset and sign them out</button>
  </form>
</section>
</div>
