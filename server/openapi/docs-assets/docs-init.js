// Starts Swagger UI on the docs page (GET /api/docs) over the API's own OpenAPI document.
// A file, not an inline script, so that a Content-Security-Policy without 'unsafe-inline' still allows it.
window.addEventListener('load', function () {
  window.ui = window.SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
