/* api-docs.js: renders /api/openapi.json with swagger-ui on /static/api-docs.html.
 * Kept out of the HTML so the page runs under script-src 'self' (no inline scripts). */
(function () {
  'use strict';
  window.addEventListener('DOMContentLoaded', function () {
    if (typeof window.SwaggerUIBundle !== 'function') {
      document.getElementById('swagger-ui').textContent =
        'swagger-ui could not be loaded; the raw description is at /api/openapi.json.';
      return;
    }
    window.ui = window.SwaggerUIBundle({
      url: '/api/openapi.json',
      dom_id: '#swagger-ui',
      deepLinking: true,
      /* Only the bundle is served (no standalone preset), so keep the base layout. */
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: 'BaseLayout',
      /* No calls to the public validator: nothing leaves this origin. */
      validatorUrl: null,
      /* Do not keep bearer tokens in localStorage. */
      persistAuthorization: false,
      tryItOutEnabled: false
    });
  });
})();
