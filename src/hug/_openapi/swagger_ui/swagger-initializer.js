/* hug's docs page: start Swagger UI on the document named by #swagger-ui's data-spec-url.
 * A file of its own (no inline script) so the page's Content-Security-Policy can say
 * script-src 'self'. */
(function () {
  "use strict";

  function start() {
    var root = document.getElementById("swagger-ui");
    var meta = document.querySelector('meta[name="hug-openapi-url"]');
    var specUrl = (root && root.dataset.specUrl) || (meta && meta.content);
    window.ui = SwaggerUIBundle({
      url: specUrl,
      dom_id: "#swagger-ui",
      deepLinking: true,
      // No badge asking the public validator about the document: the page stays offline.
      validatorUrl: null,
      // Operations open ready to edit and run ("Try it out" already on).
      tryItOutEnabled: true,
      supportedSubmitMethods: ["get", "put", "post", "delete", "options", "head", "patch", "trace"],
      // A ?url= or ?configUrl= in the page's address never replaces the document.
      queryConfigEnabled: false,
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout"
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
