/** Options: sign in, accept an invite, and who is signed in (issue 13). */
import { formatDate, t } from '../../lib/i18n';
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

export function SignInForm({ model }: { model: OptionsModel }) {
  const state = model.signInState.value;
  const expired = model.auth.value.signedOut === 'expired';
  return (
    <form aria-labelledby="signin-title" onSubmit={(e) => { e.preventDefault(); void model.signIn(); }}>
      <h2 id="signin-title">{t('options.signIn.title')}</h2>
      {expired && <p class="result problem" role="alert">{t('options.signIn.expired')}</p>}
      <p class="hint">{t('options.signIn.hint')}</p>
      <div class="field">
        <label for="email">{t('options.signIn.email')}</label>
        <input id="email" type="email" autoComplete="username" required value={model.email.value}
          aria-invalid={invalid(state, 'email')} aria-describedby="signin-result"
          onInput={(e) => { model.email.value = (e.currentTarget as HTMLInputElement).value; }} />
      </div>
      <div class="field">
        <label for="password">{t('options.signIn.password')}</label>
        <input id="password" type="password" autoComplete="current-password" required value={model.password.value}
          aria-invalid={invalid(state, 'password')} aria-describedby="signin-result"
          onInput={(e) => { model.password.value = (e.currentTarget as HTMLInputElement).value; }} />
      </div>
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
      <div class="field">
        <label for="invite-code">{t('options.invite.code')}</label>
        <input id="invite-code" type="text" autoComplete="off" spellcheck={false} required value={model.inviteCode.value}
          aria-invalid={invalid(state, 'code')} aria-describedby="invite-result"
          onInput={(e) => { model.inviteCode.value = (e.currentTarget as HTMLInputElement).value; }} />
      </div>
      <div class="field">
        <label for="invite-name">{t('options.invite.name')}</label>
        <input id="invite-name" type="text" autoComplete="name" required value={model.inviteName.value}
          aria-invalid={invalid(state, 'name')} aria-describedby="invite-result"
          onInput={(e) => { model.inviteName.value = (e.currentTarget as HTMLInputElement).value; }} />
      </div>
      <div class="field">
        <label for="invite-password">{t('options.invite.password')}</label>
        <input id="invite-password" type="password" autoComplete="new-password" minLength={10} required value={model.invitePassword.value}
          aria-invalid={invalid(state, 'password')} aria-describedby="invite-result"
          onInput={(e) => { model.invitePassword.value = (e.currentTarget as HTMLInputElement).value; }} />
      </div>
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
