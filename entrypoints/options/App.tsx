/**
 * The options page: where the sync API is, who signs in (email and password, an invite, or an API
 * token for scripts and kiosks), and the language.
 */
import { useState } from 'preact/hooks';
import { language as activeLanguage, t } from '../../lib/i18n';
import type { LanguageSetting } from '../../lib/messages';
import type { CheckState, OptionsModel } from './model';
import { InviteForm, SignedIn, SignInForm } from './SignIn';

export function App({ model }: { model: OptionsModel }) {
  const signedIn = model.auth.value.kind === 'session';
  const tokenMode = !signedIn && model.mode.value === 'token';
  return (
    <main class="options" lang={activeLanguage.value}>
      <h1>{t('options.title')}</h1>
      <h2 id="connection-title">{t('options.connection')}</h2>
      <ApiUrlField model={model} />
      {signedIn ? <SignedIn model={model} /> : tokenMode ? <TokenForm model={model} /> : (
        <>
          <SignInForm model={model} />
          <InviteForm model={model} />
        </>
      )}
      {!signedIn && (
        <p>
          <button type="button" class="link" onClick={() => { model.mode.value = tokenMode ? 'signin' : 'token'; }}>
            {t(tokenMode ? 'options.useSignIn' : 'options.useToken')}
          </button>
        </p>
      )}
      <LanguageSection model={model} />
    </main>
  );
}

/** Shared by sign-in, the invite and the token: the one place the API's address is typed. */
function ApiUrlField({ model }: { model: OptionsModel }) {
  const check = model.check.value;
  const urlProblem = (check.kind === 'problem' && (check.problem === 'invalid_url' || (check.problem === 'not_configured' && !model.apiUrl.value.trim())))
    || [model.signInState.value, model.inviteState.value].some((s) => s.kind === 'problem' && s.problem.field === 'apiUrl');
  return (
    <div class="field">
      <label for="api-url">{t('options.apiUrl')}</label>
      <input id="api-url" type="url" inputMode="url" autoComplete="url" spellcheck={false} required
        value={model.apiUrl.value} placeholder="http://localhost:8787" readOnly={model.auth.value.kind === 'session'}
        aria-invalid={urlProblem || undefined} aria-describedby="api-url-hint"
        onInput={(e) => { model.apiUrl.value = (e.currentTarget as HTMLInputElement).value; }} />
      <p class="hint" id="api-url-hint">{t('options.apiUrlHint')}</p>
    </div>
  );
}

function TokenForm({ model }: { model: OptionsModel }) {
  const [showToken, setShowToken] = useState(false);
  const check = model.check.value;
  return (
    <form aria-labelledby="token-title" onSubmit={(e) => { e.preventDefault(); void model.save(); }}>
      <h2 id="token-title">{t('options.tokenTitle')}</h2>
      <p class="hint">{t('options.connectionHint')}</p>
      <div class="field">
        <label for="api-token">{t('options.token')}</label>
        <input id="api-token" type={(showToken ? 'text' : 'password') as 'password'} autoComplete="off" spellcheck={false}
          value={model.token.value} aria-describedby={model.hasToken.value ? 'token-hint check-result' : 'check-result'}
          placeholder={model.hasToken.value ? '••••••••' : ''}
          onInput={(e) => { model.token.value = (e.currentTarget as HTMLInputElement).value; }} />
        {model.hasToken.value && <p class="hint" id="token-hint">{t('options.tokenSaved')}</p>}
        <label class="inline">
          <input type="checkbox" checked={showToken} onChange={(e) => setShowToken((e.currentTarget as HTMLInputElement).checked)} />
          {t('options.tokenShow')}
        </label>
      </div>
      <button type="submit" class="btn-primary" disabled={check.kind === 'checking'}>{t('options.save')}</button>
      <CheckResult check={check} />
    </form>
  );
}

function CheckResult({ check }: { check: CheckState }) {
  // Always in the page, so screen readers announce what the check found.
  const text = check.kind === 'checking' ? t('options.checking')
    : check.kind === 'ok' ? t('options.ok', {
      count: check.accounts.length, version: check.version,
      accounts: check.accounts.map((a) => `${a.name} (${a.id})`).join(', '),
    })
      : check.kind === 'problem' ? t(`options.${check.problem}`, { origin: check.origin })
        : '';
  const tone = check.kind === 'ok' ? 'ok' : check.kind === 'problem' ? 'problem' : '';
  return (
    <p id="check-result" class={`result ${tone}`} role={check.kind === 'problem' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}

function LanguageSection({ model }: { model: OptionsModel }) {
  const options: [LanguageSetting, string][] = [
    ['auto', t('options.languageAuto')], ['en', t('options.languageEn')], ['ja', t('options.languageJa')],
  ];
  return (
    <section aria-labelledby="display-title">
      <h2 id="display-title">{t('options.display')}</h2>
      <div class="field">
        <label for="language">{t('options.language')}</label>
        <select id="language" value={model.language.value}
          onChange={(e) => void model.setLanguage((e.currentTarget as HTMLSelectElement).value as LanguageSetting)}>
          {options.map(([value, label]) => <option key={value} value={value} lang={value === 'ja' ? 'ja' : value === 'en' ? 'en' : undefined}>{label}</option>)}
        </select>
        <p class="hint" role="status">{model.languageSaved.value ? t('options.languageSaved') : ''}</p>
      </div>
    </section>
  );
}
