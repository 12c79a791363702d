{{%AUTOESCAPE context="HTML"}}<label for="street">Street</label>
<input type="text" id="street" name="street" value="{{STREET}}" autocomplete="address-line1" maxlength="200">
{{#ERROR_STREET}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_STREET}}
<div class="form-row">
  <div><label for="number">Number</label>
  <input type="text" id="number" name="number" value="{{NUMBER}}" maxlength="20">
  {{#ERROR_NUMBER}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_NUMBER}}</div>
  <div><label for="complement">Complement (optional)</label>
  <input type="text" id="complement" name="complement" value="{{COMPLEMENT}}" autocomplete="address-line2" maxlength="100">
  {{#ERROR_COMPLEMENT}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_COMPLEMENT}}</div>
</div>
<label for="neighborhood">Neighborhood</label>
<input type="text" id="neighborhood" name="neighborhood" value="{{NEIGHBORHOOD}}" maxlength="100">
{{#ERROR_NEIGHBORHOOD}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_NEIGHBORHOOD}}
<div class="form-row">
  <div><label for="city">City</label>
  <input type="text" id="city" name="city" value="{{CITY}}" autocomplete="address-level2" maxlength="100">
  {{#ERROR_CITY}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_CITY}}</div>
  <div><label for="state">State</label>
  <input type="text" id="state" name="state" value="{{STATE}}" autocomplete="address-level1" maxlength="2" placeholder="SP">
  {{#ERROR_STATE}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_STATE}}</div>
</div>
<label for="zip">CEP</label>
<input type="text" id="zip" name="zip" value="{{ZIP}}" autocomplete="postal-code" maxlength="9" placeholder="01310-100" inputmode="numeric">
{{#ERROR_ZIP}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR_ZIP}}
