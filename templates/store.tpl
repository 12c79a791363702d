{{%AUTOESCAPE context="HTML"}}<section class="catalog">
  <h1>Our collection</h1>
  {{#EMPTY}}<p class="empty-state">There is nothing on the shelves yet. Please come back soon.</p>{{/EMPTY}}
  <ul class="product-grid">
    {{#PRODUCT}}{{CARD:none}}{{/PRODUCT}}
  </ul>
  {{#PAGER}}<nav class="pager" aria-label="Pages" data-page="{{PAGE}}" data-pages="{{PAGES}}">
    {{#HAS_PREVIOUS}}<a href="/store/?page={{PREVIOUS}}" rel="prev">Newer</a>{{/HAS_PREVIOUS}}
    <span>Page {{PAGE}} of {{PAGES}}</span>
    {{#HAS_NEXT}}<a href="/store/?page={{NEXT}}" rel="next">Older</a>{{/HAS_NEXT}}
  </nav>{{/PAGER}}
</section>
