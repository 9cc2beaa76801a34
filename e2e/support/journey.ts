/** Shared steps of the journeys: setting the scene through the API, and a signed-in page on a desktop or phone. */
import type { Browser, Page } from 'playwright-core';
import { AppShell } from '../pages/app-shell.js';
import { LoginPage } from '../pages/login-page.js';
import { newContext } from './browser.js';
import type { TestServer } from './server.js';

export type JourneyUser = { username: string; password: string; id: string };

/** A JSON request as a signed-in user; anything but 2xx fails the journey with the answer. */
export const api = async <T = Record<string, unknown>>(server: TestServer, method: string, path: string, token: string, body?: unknown): Promise<T> => {
  const r = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const json = (await r.json()) as T;
  if (!r.ok) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(json)}`);
  return json;
};

export const tokenOf = async (server: TestServer, u: JourneyUser) => (await api<{ token: string }>(server, 'POST', '/api/v1/auth/login', '', { username: u.username, password: u.password })).token;

/** A new browser context signed in as the user, at the home page. */
export const signedIn = async (browser: Browser, server: TestServer, user: JourneyUser, device: 'desktop' | 'phone'): Promise<Page> => {
  const ctx = await newContext(browser, server.url, device);
  const page = await ctx.newPage();
  await new LoginPage(page).open();
  await new LoginPage(page).signIn(user.username, user.password);
  await new AppShell(page).waitForHome();
  return page;
};
