{{%AUTOESCAPE context="HTML"}}<h1>Audit log</h1>
<p class="muted">Every change made in the back office or with <code>reservactl staff</code>: who, when, what, before and after. Entries cannot be changed.</p>
{{#NONE}}<p>Nothing has been changed yet.</p>{{/NONE}}
<div class="table-wrap"><table class="admin-table">
  <thead><tr><th>When</th><th>Who</th><th>What</th><th>Subject</th><th>Before</th><th>After</th></tr></thead>
  <tbody>
  {{#ENTRY}}<tr class="audit-row" data-audit-id="{{ID}}" data-action="{{ACTION}}" data-who="{{WHO}}">
    <td data-label="When">{{AT}}</td><td data-label="Who">{{WHO}}</td><td data-label="What">{{ACTION}}</td><td data-label="Subject">{{SUBJECT}}</td>
    <td data-label="Before" class="audit-before">{{BEFORE}}</td><td data-label="After" class="audit-after">{{AFTER}}</td>
  </tr>{{/ENTRY}}
  </tbody>
</table></div>
<nav class="pager">{{#NEWER}}<a href="/admin/audit/?page={{PAGE}}">Newer</a>{{/NEWER}} {{#OLDER}}<a href="/admin/audit/?page={{PAGE}}">Older</a>{{/OLDER}}</nav>
