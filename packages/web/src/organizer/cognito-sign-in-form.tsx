import { useEffect, useMemo, useRef, useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { renderSVG } from 'uqr';

import { TextField } from '../components/fields.js';
import { AlertRegion, StatusRegion } from '../components/status.js';
import { requiredErrors, useFormErrors } from '../components/use-form-errors.js';
import { useI18n } from '../i18n/language.js';
import {
  CognitoSignIn,
  SignInError,
  type CognitoSettings,
  type PasswordReset,
  type SignInFailure,
  type SignInStep,
} from './cognito-sign-in.js';
import { saveSession } from './session.js';

/** The steps that still wait for the organizer; `password` is the first. */
type OpenStep =
  | { kind: 'password' }
  | { kind: 'forgot-password' }
  | PasswordReset
  | Exclude<SignInStep, { kind: 'signed-in' }>;

/** What an earlier step did that the organizer should know: a code mailed, a password changed. */
type Notice =
  | { readonly kind: 'code-sent'; readonly destination: string | undefined }
  | { readonly kind: 'password-changed' };

/** A TOTP code as people type it: six digits, spaces allowed. */
const CODE_PATTERN = /^\d{6}$/;

/**
 * Organizer sign-in against the Cognito user pool: e-mail address and password, a new password
 * on the first sign-in, then the authenticator app's code, with the app's setup on the way when
 * the organizer has none yet. A forgotten password is replaced with a mailed code on the way.
 * Loaded only on stages that sign in with Cognito.
 */
export default function CognitoSignInForm({
  settings,
  next,
}: {
  settings: CognitoSettings;
  next: string;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const signIn = useMemo(() => new CognitoSignIn(settings), [settings]);
  const [step, setStep] = useState<OpenStep>({ kind: 'password' });
  const [values, setValues] = useState({ username: '', password: '', newPassword: '', code: '' });
  const [sending, setSending] = useState(false);
  /** What an earlier step did, announced politely. */
  const [notice, setNotice] = useState<Notice>();
  const { errors, setErrors, clearErrors, form } = useFormErrors();
  const heading = useRef<HTMLHeadingElement>(null);
  const firstStep = useRef(true);
  /** Whether this submission has already changed the password, before signing in with it. */
  const passwordChanged = useRef(false);
  /** The field to type again after a refusal, focused once the form is enabled again. */
  const [retype, setRetype] = useState<{ field: string } | undefined>();

  // Each new step moves focus to its heading, so a screen reader announces where the sign-in is.
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  useEffect(() => {
    if (retype === undefined) return;
    form.current?.querySelector<HTMLInputElement>(`#${retype.field}`)?.focus();
  }, [retype, form]);

  const failureText: Record<SignInFailure, string> = {
    'bad-credentials': t.signIn.badCredentials,
    'wrong-code': t.signIn.wrongCode,
    'weak-password': t.signIn.weakPassword,
    'session-expired': t.signIn.stepExpired,
    'too-many-attempts': t.signIn.tooManyAttempts,
    'reset-required': t.signIn.resetRequired,
    'code-expired': t.signIn.codeExpired,
    'reset-not-allowed': t.signIn.resetNotAllowed,
    unavailable: t.signIn.unavailable,
  };

  function setValue(field: keyof typeof values, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
  }

  /** Moves to a step that needs no answer from Cognito, such as back to the first one. */
  function goTo(target: OpenStep) {
    clearErrors();
    setNotice(undefined);
    setValues((current) => ({ ...current, password: '', newPassword: '', code: '' }));
    setStep(target);
  }

  /** Which fields this step needs, checked before anything is sent. */
  function fieldErrors(): Record<string, string> {
    const codeError: Record<string, string> = CODE_PATTERN.test(values.code.replace(/\s/g, ''))
      ? {}
      : { code: t.signIn.codeForm };
    switch (step.kind) {
      case 'password':
        return requiredErrors(
          { username: values.username, password: values.password },
          t.form.required,
        );
      case 'forgot-password':
        return requiredErrors({ username: values.username }, t.form.required);
      case 'reset-password':
        return {
          ...codeError,
          ...requiredErrors({ newPassword: values.newPassword }, t.form.required),
        };
      case 'new-password':
        return requiredErrors({ newPassword: values.newPassword }, t.form.required);
      case 'totp-code':
      case 'totp-setup':
        return codeError;
    }
  }

  async function advance(): Promise<SignInStep | PasswordReset> {
    passwordChanged.current = false;
    const code = values.code.replace(/\s/g, '');
    switch (step.kind) {
      case 'password':
        return signIn.start(values.username.trim(), values.password);
      case 'new-password':
        return signIn.setNewPassword(step, values.newPassword);
      case 'totp-code':
        return signIn.confirmCode(step, code);
      case 'totp-setup':
        return signIn.finishSetup(step, code);
      case 'forgot-password':
        return signIn.requestPasswordReset(values.username.trim());
      case 'reset-password':
        await signIn.resetPassword(step, code, values.newPassword);
        passwordChanged.current = true;
        return signIn.start(step.account, values.newPassword);
    }
  }

  /** Mails another code for the reset under way, for one that expired or never arrived. */
  async function resendCode(reset: PasswordReset) {
    setSending(true);
    clearErrors();
    try {
      const sent = await signIn.requestPasswordReset(reset.account);
      setNotice({ kind: 'code-sent', destination: sent.destination });
    } catch (error) {
      const reason = error instanceof SignInError ? error.reason : 'unavailable';
      setErrors({ fields: {}, form: failureText[reason] });
    } finally {
      setSending(false);
    }
  }

  async function submit(formEvent: SubmitEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    const missing = fieldErrors();
    if (Object.keys(missing).length > 0) {
      setErrors({ fields: missing, form: undefined });
      return;
    }
    setSending(true);
    clearErrors();
    const typedName =
      step.kind === 'password' || step.kind === 'forgot-password'
        ? values.username.trim()
        : step.account;
    try {
      const reached = await advance();
      if (reached.kind === 'signed-in') {
        saveSession(reached.tokens, typedName);
        void navigate(next, { replace: true });
        return;
      }
      setValues((current) => ({ ...current, password: '', newPassword: '', code: '' }));
      setNotice(
        reached.kind === 'reset-password'
          ? { kind: 'code-sent', destination: reached.destination }
          : passwordChanged.current
            ? { kind: 'password-changed' }
            : undefined,
      );
      setStep(reached);
    } catch (error) {
      const reason = error instanceof SignInError ? error.reason : 'unavailable';
      if (passwordChanged.current) {
        // The new password is set; only the sign-in with it failed, and starts over.
        setNotice({ kind: 'password-changed' });
        setStep({ kind: 'password' });
      } else if (reason === 'reset-required') {
        // An administrator has reset the password and Cognito has mailed a code for a new one.
        setNotice(undefined);
        setStep({ kind: 'reset-password', account: typedName });
      } else if (reason === 'session-expired') {
        // An expired step cannot be answered any more: the sign-in starts over. A password
        // changed on the way stays changed, and the notice says so.
        setNotice((current) => (current?.kind === 'password-changed' ? current : undefined));
        setStep({ kind: 'password' });
      }
      const field = passwordChanged.current ? undefined : retypeField(step.kind, reason);
      // Empties what was refused; a field that was accepted (the mailed code when only the new
      // password was too weak, the address) keeps its value.
      setValues((current) => ({
        ...current,
        password: '',
        code: field === undefined || field === 'code' ? '' : current.code,
        newPassword: field === undefined || field === 'newPassword' ? '' : current.newPassword,
      }));
      if (field !== undefined) setRetype({ field });
      setErrors({
        fields: {},
        form:
          step.kind === 'reset-password' && reason === 'wrong-code'
            ? t.signIn.wrongResetCode
            : failureText[reason],
      });
    } finally {
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
      <h2 ref={heading} tabIndex={-1}>
        {t.signIn.steps[step.kind]}
      </h2>
      <AlertRegion message={errors.form} />
      <StatusRegion>
        {notice !== undefined && (
          <p className="notice notice-ok">
            {notice.kind === 'code-sent'
              ? t.signIn.codeSent(notice.destination)
              : step.kind === 'totp-code'
                ? t.signIn.passwordChangedEnterCode
                : t.signIn.passwordChanged}
          </p>
        )}
      </StatusRegion>
      {step.kind === 'forgot-password' && <p>{t.signIn.forgotIntro}</p>}
      {(step.kind === 'password' || step.kind === 'forgot-password') && (
        <TextField
          id="username"
          type="email"
          label={t.signIn.email}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={values.username}
          error={errors.fields.username}
          onChange={(change) => {
            setValue('username', change.currentTarget.value);
          }}
        />
      )}
      {step.kind === 'password' && (
        <TextField
          id="password"
          type="password"
          label={t.signIn.password}
          autoComplete="current-password"
          value={values.password}
          error={errors.fields.password}
          onChange={(change) => {
            setValue('password', change.currentTarget.value);
          }}
        />
      )}
      {(step.kind === 'new-password' || step.kind === 'reset-password') && (
        // The account, read-only: what the new password belongs to, for the organizer and for
        // password managers, which save a new password under the username next to it.
        <TextField
          id="account"
          type="email"
          label={t.signIn.email}
          autoComplete="username"
          value={step.account}
          readOnly
        />
      )}
      {step.kind === 'totp-setup' && <AuthenticatorSetup step={step} />}
      {(step.kind === 'reset-password' ||
        step.kind === 'totp-code' ||
        step.kind === 'totp-setup') && (
        <TextField
          id="code"
          label={step.kind === 'reset-password' ? t.signIn.resetCode : t.signIn.code}
          hint={
            step.kind === 'reset-password'
              ? t.signIn.resetCodeHint
              : step.kind === 'totp-code'
                ? t.signIn.codeHint
                : t.signIn.firstCodeHint
          }
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          value={values.code}
          error={errors.fields.code}
          onChange={(change) => {
            setValue('code', change.currentTarget.value);
          }}
        />
      )}
      {(step.kind === 'new-password' || step.kind === 'reset-password') && (
        <TextField
          id="newPassword"
          type="password"
          label={t.signIn.newPassword}
          hint={t.signIn.passwordPolicy}
          autoComplete="new-password"
          value={values.newPassword}
          error={errors.fields.newPassword}
          onChange={(change) => {
            setValue('newPassword', change.currentTarget.value);
          }}
        />
      )}
      <div className="button-row">
        <button type="submit" disabled={sending}>
          {sending ? t.common.sending : t.signIn.submitStep[step.kind]}
        </button>
        {step.kind === 'password' && (
          <button
            type="button"
            className="button-secondary"
            disabled={sending}
            onClick={() => {
              goTo({ kind: 'forgot-password' });
            }}
          >
            {t.signIn.forgotPassword}
          </button>
        )}
        {step.kind === 'reset-password' && (
          <button
            type="button"
            className="button-secondary"
            disabled={sending}
            onClick={() => void resendCode(step)}
          >
            {t.signIn.resendCode}
          </button>
        )}
        {(step.kind === 'forgot-password' || step.kind === 'reset-password') && (
          <button
            type="button"
            className="button-secondary"
            disabled={sending}
            onClick={() => {
              goTo({ kind: 'password' });
            }}
          >
            {t.signIn.backToSignIn}
          </button>
        )}
      </div>
    </form>
  );
}

/** The secret of a new authenticator app, as a QR code and as text to type in. */
function AuthenticatorSetup({ step }: { step: Extract<SignInStep, { kind: 'totp-setup' }> }) {
  const { t } = useI18n();
  const qr = useMemo(
    () => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderSVG(step.otpauthUri))}`,
    [step.otpauthUri],
  );
  // Groups of four are easier to copy by hand; apps ignore the spaces.
  const grouped = step.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <div className="totp-setup">
      <p>{t.signIn.setupIntro}</p>
      <img className="totp-qr" src={qr} width={192} height={192} alt={t.signIn.qrAlt} />
      <p>
        {t.signIn.secretLabel} <code className="totp-secret">{grouped}</code>
      </p>
    </div>
  );
}

/**
 * Where a refused step is corrected: the field the refusal was about, emptied for typing
 * again. Undefined when the sign-in moves to another step, whose heading takes the focus.
 */
function retypeField(kind: OpenStep['kind'], reason: SignInFailure): string | undefined {
  if (reason === 'session-expired' || reason === 'reset-required') return undefined;
  switch (kind) {
    case 'password':
      return 'password';
    case 'forgot-password':
      return 'username';
    case 'new-password':
      return 'newPassword';
    case 'totp-code':
    case 'totp-setup':
      return 'code';
    case 'reset-password':
      return reason === 'weak-password' ? 'newPassword' : 'code';
  }
}
