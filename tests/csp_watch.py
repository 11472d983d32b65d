"""The browser tests' check for Content-Security-Policy violations: what Chromium reports on
the console ("Refused to ... because it violates the following Content Security Policy
directive") and every `securitypolicyviolation` event, for every page of a context."""

REPORT_EVENTS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
});
"""


def watch_csp(context, violations=None):
    """Collect the violations of every page of `context` into `violations` (a list, returned)."""
    violations = [] if violations is None else violations
    context.add_init_script(REPORT_EVENTS)

    def on_console(message):
        if "Content Security Policy" in message.text or "securitypolicyviolation" in message.text:
            violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)
    return violations
