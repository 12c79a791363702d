{{%AUTOESCAPE context="HTML"}}<li class="product-card" data-product-id="{{ID}}">
      <a href="/product/{{ID}}/">
        <img src="{{IMAGE_URL}}"{{#HAS_SRCSET}} srcset="{{SRCSET}}" sizes="(max-width: 600px) 50vw, 400px"{{/HAS_SRCSET}} alt="{{NAME}}" width="400" height="400" loading="lazy">
        <span class="product-name">{{NAME}}</span>
        <span class="product-price" data-price="{{PRICE_CENTS}}">{{PRICE}}</span>
      </a>
    </li>
