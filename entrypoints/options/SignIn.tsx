/** Options: sign in, accept an invite, and who is signed in (issue 13). */
import { formatDate, t } from '../../lib/i18n';
import type { Signal } from '@preact/signals';
import type { OptionsModel, SignInProblem, SignInState } from './model';

const say = (p: SignInProblem) => t(p.key, p.params);

function Problem({ state, id }: { state: SignInState; id: string }) {
  // Always in the page, so screen readers announce what happened.
  return (
    <p id={id} class={`result ${state.kind === 'problem' ? 'problem' : ''}`} role={state.kind === 'problem' ? 'alert' : 'status'}>
      {state.kind === 'problem' ? say(state.problem) : ''}
    </p>
  );
}

const invalid = (state: SignInState, field: SignInProblem['field']) => (state.kind === 'problem' && state.problem.field === field) || undefined;

interface FieldProps {
  id: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autoComplete: string;
  value: Signal<string>;
  invalid: true | undefined;
  /** The form's one result line, which says what went wrong. */
  describedBy: string;
  spellcheck?: boolean;
  minLength?: number;
}

/** A labelled, required input bound to one of the model's signals. */
function Field({ id, label, type, autoComplete, value, invalid, describedBy, spellcheck, minLength }: FieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {/* The cast: preact's types tie each input type to its own attribute set; these share theirs. */}
      <input id={id} type={type as 'text'} autoComplete={autoComplete} spellcheck={spellcheck} minLength={minLength} required value={value.value}
        aria-invalid={invalid} aria-describedby={describedBy}
        onInput={(e) => { value.value = (e.currentTarget as HTMLInputElement).value; }} />
    </div>
  );
}

export function SignInForm({ model }: { model: OptionsModel }) {
  const state = model.signInState.value;
  const expired = model.auth.value.signedOut === 'expired';
  return (
    <form aria-labelledby="signin-title" onSubmit={(e) => { e.preventDefault(); void model.signIn(); }}>
      <h2 id="signin-title">{t('options.signIn.title')}</h2>
      {expired && <p class="result problem" role="alert">{t('options.signIn.expired')}</p>}
      <p class="hint">{t('options.signIn.hint')}</p>
      <Field id="email" label={t('options.signIn.email')} type="email" autoComplete="username" value={model.email} invalid={invalid(state, 'email')} describedBy="signin-result" />
      <Field id="password" label={t('options.signIn.password')} type="password" autoComplete="current-password" value={model.password} invalid={invalid(state, 'password')} describedBy="signin-result" />
      <button type="submit" class="btn-primary" disabled={state.kind === 'busy'}>{t('options.signIn.submit')}</button>
      {state.kind === 'busy' ? <p class="result" role="status">{t('options.signIn.busy')}</p> : <Problem state={state} id="signin-result" />}
    </form>
  );
}

export function InviteForm({ model }: { model: OptionsModel }) {
  const state = model.inviteState.value;
  return (
    <form aria-labelledby="invite-title" onSubmit={(e) => { e.preventDefault(); void model.acceptInvite(); }}>
      <h2 id="invite-title">{t('options.invite.title')}</h2>
      <p class="hint">{t('options.invite.hint')}</p>
      <Field id="invite-code" label={t('options.invite.code')} type="text" autoComplete="off" spellcheck={false} value={model.inviteCode} invalid={invalid(state, 'code')} describedBy="invite-result" />
      <Field id="invite-name" label={t('options.invite.name')} type="text" autoComplete="name" value={model.inviteName} invalid={invalid(state, 'name')} describedBy="invite-result" />
      <Field id="invite-password" label={t('options.invite.password')} type="password" autoComplete="new-password" minLength={10} value={model.invitePassword} invalid={invalid(state, 'password')} describedBy="invite-result" />
      <button type="submit" disabled={state.kind === 'busy'}>{t('options.invite.submit')}</button>
      {state.kind === 'busy' ? <p class="result" role="status">{t('options.invite.busy')}</p> : <Problem state={state} id="invite-result" />}
    </form>
  );
}

export function SignedIn({ model }: { model: OptionsModel }) {
  const auth = model.auth.value;
  const me = model.me.value;
  const member = me?.member ?? auth.member;
  return (
    <section aria-labelledby="signedin-title">
      <h2 id="signedin-title">{t('options.signIn.title')}</h2>
      {member && <p class="result ok" role="status">{t('options.signedIn.as', { name: member.name, email: member.email })}</p>}
      {auth.expiresAt && <p class="hint">{t('options.signedIn.until', { date: formatDate(auth.expiresAt) })}</p>}
      {me && (
        <>
          <h3>{t('options.signedIn.accounts')}</h3>
          {me.accounts.length === 0 ? <p class="hint">{t('options.signedIn.none')}</p> : (
            <ul class="accounts">
              {me.accounts.map((a) => (
                <li key={a.id}><span>{a.name} ({a.id})</span> <span class="role">{t(`options.role.${a.role}`)}</span></li>
              ))}
            </ul>
          )}
        </>
      )}
      <button type="button" onClick={() => void model.signOut()}>{t('options.signOut')}</button>
    </section>
  );
}
