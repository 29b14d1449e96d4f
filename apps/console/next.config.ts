import type { NextConfig } from "next";

// The browser reaches the API same-origin at /api/v1/*: see
// app/api/v1/[...path]/route.ts, which forwards to STEWARD_API_URL at request
// time. (A `rewrites()` entry here would be frozen into the build.)
// The pages' Content-Security-Policy is set per request, with a nonce, in proxy.ts.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: "/((?!api/).*)",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
