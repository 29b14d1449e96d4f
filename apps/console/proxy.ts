import { NextResponse, type NextRequest } from "next/server";

/**
 * Content-Security-Policy for the console's pages. The session token lives in
 * the browser (lib/session.ts), so an injected script must not run: scripts
 * run only with this response's nonce, or when loaded by such a script
 * ('strict-dynamic': Next's own chunks). Next reads the nonce from the
 * request's policy header while rendering and puts it on every script and
 * style it emits; the pages are therefore rendered per request (see
 * app/layout.tsx). Nothing else may load from anywhere but the console.
 *
 * API answers (`/api/*`) are the API's: they get no policy here.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

function contentSecurityPolicy(nonce: string, development: boolean): string {
  // `next dev` evaluates code for its error overlay and injects styles without a nonce.
  const directives = {
    "default-src": ["'none'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", development ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    // data: for the images in globals.css (e.g. the select arrow) and the invite
    // links' QR codes (components/qr-code.tsx); an image cannot run script.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

export const config = {
  // Pages only: not the API gateway, not Next's static files.
  matcher: ["/((?!api/|_next/static/|_next/image).*)"],
};
