import { lazy, Suspense, useState, type SubmitEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';

import { hasStatus } from '../api/client.js';
import { loadAuthConfig, signInLocally } from '../api/site-config.js';
import { TextField } from '../components/fields.js';
import { problemText } from '../components/problems.js';
import { AlertRegion, Loaded } from '../components/status.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { requiredErrors, useFormErrors } from '../components/use-form-errors.js';
import { useLoader } from '../components/use-loader.js';
import { useI18n } from '../i18n/language.js';
import { localSession, saveSession, type SignInState } from './session.js';

// The Cognito sign-in carries the AWS SDK's Cognito client: only stages that use it load it.
const CognitoSignInForm = lazy(() => import('./cognito-sign-in-form.js'));

function signInState(state: unknown): SignInState {
  if (typeof state !== 'object' || state === null) return {};
  const from = 'from' in state && typeof state.from === 'string' ? state.from : undefined;
  const reason =
    'reason' in state && (state.reason === 'expired' || state.reason === 'signed-out')
      ? state.reason
      : undefined;
  return { ...(from === undefined ? {} : { from }), ...(reason === undefined ? {} : { reason }) };
}

/** Only paths inside the organizer area are returned to after signing in. */
function returnPath(from: string | undefined): string {
  return from !== undefined && /^\/organizer(\/|$)/.test(from) && !from.includes('sign-in')
    ? from
    : '/organizer';
}

/** Organizer sign-in with the method /config.json names for this stage. */
export function SignInPage() {
  const { t } = useI18n();
  const location = useLocation();
  const state = signInState(location.state);
  const config = useLoader((signal) => loadAuthConfig(signal), []);
  useDocumentTitle(t.signIn.heading);

  return (
    <>
      <h1>{t.signIn.heading}</h1>
      {state.reason === 'expired' && <p className="notice notice-warning">{t.signIn.expired}</p>}
      {state.reason === 'signed-out' && <p className="notice notice-ok">{t.signIn.signedOut}</p>}
      <Loaded state={config.state}>
        {(auth) =>
          auth.kind === 'local' ? (
            <LocalSignInForm signInUrl={auth.signInUrl} next={returnPath(state.from)} />
          ) : auth.kind === 'cognito' ? (
            <Suspense fallback={<p role="status">{t.common.loading}</p>}>
              <CognitoSignInForm settings={auth} next={returnPath(state.from)} />
            </Suspense>
          ) : (
            <p className="notice notice-error">{t.signIn.unsupported(auth.name)}</p>
          )
        }
      </Loaded>
    </>
  );
}

function LocalSignInForm({ signInUrl, next }: { signInUrl: string; next: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [sending, setSending] = useState(false);
  const { errors, setErrors, clearErrors, form } = useFormErrors();

  async function submit(formEvent: SubmitEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    const missing = requiredErrors({ username, password }, t.form.required);
    if (Object.keys(missing).length > 0) {
      setErrors({ fields: missing, form: undefined });
      return;
    }

    setSending(true);
    clearErrors();
    try {
      saveSession(localSession(await signInLocally(signInUrl, username, password)), username);
      void navigate(next, { replace: true });
    } catch (error) {
      setPassword('');
      setErrors({
        fields: {},
        form: hasStatus(error, 401) ? t.signIn.badCredentials : problemText(error, t),
      });
      setSending(false);
    }
  }

  return (
    <form
      ref={form}
      noValidate
      className="panel narrow"
      onSubmit={(formEvent) => void submit(formEvent)}
    >
      <p className="hint">{t.signIn.localHint}</p>
      <AlertRegion message={errors.form} />
      <TextField
        id="username"
        label={t.signIn.username}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={username}
        error={errors.fields.username}
        onChange={(change) => {
          setUsername(change.currentTarget.value);
        }}
      />
      <TextField
        id="password"
        type="password"
        label={t.signIn.password}
        autoComplete="current-password"
        value={password}
        error={errors.fields.password}
        onChange={(change) => {
          setPassword(change.currentTarget.value);
        }}
      />
      <button type="submit" disabled={sending}>
        {sending ? t.common.sending : t.signIn.submit}
      </button>
    </form>
  );
}
