import type { Metadata } from "next";
import { Suspense } from "react";
import { LoginForm } from "@/components/login-form";
import { LogoMark } from "@/components/icons";
import { SignUpLink } from "@/components/sign-up-link";

export const metadata: Metadata = { title: "Sign in" };

export default function LoginPage() {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <LogoMark className="brand-mark" />
          Steward
        </div>
        <div className="card">
          <div className="card-body">
            <h1>Sign in to the console</h1>
            <p className="lead">Use your account on this Steward server.</p>
            <Suspense fallback={<div className="skeleton skeleton-form" />}>
              <LoginForm />
            </Suspense>
          </div>
        </div>
        <SignUpLink />
        <p className="auth-foot">Sessions end when you close this tab or sign out.</p>
      </div>
    </main>
  );
}
