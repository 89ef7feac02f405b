// <refoulement-risk-intake> : embed the intake interview of a refoulement-risk server.
//   <script src="https://SERVER/static/embed.js" defer></script>
//   <refoulement-risk-intake server="https://SERVER" destination="UZ"></refoulement-risk-intake>
// It frames SERVER/intake?embed=1&parent=<this page's origin> (the server must list this
// origin in REFOULEMENT_RISK_CORS_ORIGINS), sizes the frame to its content, and fires a
// "refoulement-risk-result" event ({detail: {assessment, complete}}) on each new result.
// Messages are accepted only from the framed page's origin and window.
"use strict";

(function () {
  const PREFILL = ["destination", "removing_state", "as_of", "proceeding", "refugee_status",
    "past_ill_treatment", "custody.detained"];

  class RefoulementRiskIntake extends HTMLElement {
    connectedCallback() {
      if (this.frame) return;
      const server = new URL(this.getAttribute("server") || "", window.location.href);
      const src = new URL("/intake", server);
      src.searchParams.set("embed", "1");
      src.searchParams.set("parent", window.location.origin);
      PREFILL.forEach((name) => {
        const value = this.getAttribute(name.replace(".", "-"));
        if (value) src.searchParams.set(name, value);
      });
      const frame = document.createElement("iframe");
      frame.src = src.toString();
      frame.title = this.getAttribute("title") || "Non-refoulement risk screening";
      frame.style.width = "100%";
      frame.style.border = "0";
      frame.style.minHeight = "30rem";
      frame.setAttribute("referrerpolicy", "no-referrer");
      this.frame = frame;
      this.origin = server.origin;
      this.listener = (event) => {
        if (event.origin !== this.origin || event.source !== frame.contentWindow) return;
        const data = event.data || {};
        if (data.type === "refoulement-risk:height" && Number.isFinite(data.height)) {
          frame.style.height = Math.ceil(data.height) + "px";
        } else if (data.type === "refoulement-risk:result") {
          this.result = data.assessment;
          this.dispatchEvent(new CustomEvent("refoulement-risk-result", {
            bubbles: true, detail: { assessment: data.assessment, complete: !!data.complete } }));
        }
      };
      window.addEventListener("message", this.listener);
      this.appendChild(frame);
    }

    disconnectedCallback() {
      window.removeEventListener("message", this.listener);
    }
  }

  if (!customElements.get("refoulement-risk-intake")) {
    customElements.define("refoulement-risk-intake", RefoulementRiskIntake);
  }
})();
