import { useEffect, useMemo, useRef, useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { renderSVG } from 'uqr';

import { TextField } from '../components/fields.js';
import { AlertRegion } from '../components/status.js';
import { requiredErrors, useFormErrors } from '../components/use-form-errors.js';
import { useI18n } from '../i18n/language.js';
import {
  CognitoSignIn,
  SignInError,
  type CognitoSettings,
  type SignInFailure,
  type SignInStep,
} from './cognito-sign-in.js';
import { saveSession } from './session.js';

/** The steps that still wait for the organizer; `password` is the first. */
type OpenStep = { kind: 'password' } | Exclude<SignInStep, { kind: 'signed-in' }>;

/** A TOTP code as people type it: six digits, spaces allowed. */
const CODE_PATTERN = /^\d{6}$/;

/**
 * Organizer sign-in against the Cognito user pool: e-mail address and password, a new password
 * on the first sign-in, then the authenticator app's code, with the app's setup on the way when
 * the organizer has none yet. Loaded only on stages that sign in with Cognito.
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
  const { errors, setErrors, clearErrors, form } = useFormErrors();
  const heading = useRef<HTMLHeadingElement>(null);
  const firstStep = useRef(true);

  // Each new step moves focus to its heading, so a screen reader announces where the sign-in is.
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const failureText: Record<SignInFailure, string> = {
    'bad-credentials': t.signIn.badCredentials,
    'wrong-code': t.signIn.wrongCode,
    'weak-password': t.signIn.weakPassword,
    'session-expired': t.signIn.stepExpired,
    'too-many-attempts': t.signIn.tooManyAttempts,
    'reset-required': t.signIn.resetRequired,
    unavailable: t.signIn.unavailable,
  };

  function setValue(field: keyof typeof values, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
  }

  /** Which fields this step needs, checked before anything is sent. */
  function fieldErrors(): Record<string, string> {
    switch (step.kind) {
      case 'password':
        return requiredErrors(
          { username: values.username, password: values.password },
          t.form.required,
        );
      case 'new-password':
        return requiredErrors({ newPassword: values.newPassword }, t.form.required);
      case 'totp-code':
      case 'totp-setup':
        return CODE_PATTERN.test(values.code.replace(/\s/g, '')) ? {} : { code: t.signIn.codeForm };
    }
  }

  async function advance(): Promise<SignInStep> {
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
    const typedName = step.kind === 'password' ? values.username.trim() : step.account;
    try {
      const reached = await advance();
      if (reached.kind === 'signed-in') {
        saveSession(reached.tokens, typedName);
        void navigate(next, { replace: true });
        return;
      }
      setValues((current) => ({ ...current, password: '', newPassword: '', code: '' }));
      setStep(reached);
    } catch (error) {
      const reason = error instanceof SignInError ? error.reason : 'unavailable';
      // An expired step cannot be answered any more: the sign-in starts over.
      if (reason === 'session-expired' || reason === 'reset-required') {
        setStep({ kind: 'password' });
      }
      setValues((current) => ({ ...current, password: '', code: '' }));
      setErrors({ fields: {}, form: failureText[reason] });
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
      {step.kind === 'password' && (
        <>
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
        </>
      )}
      {step.kind === 'new-password' && (
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
      {step.kind === 'totp-setup' && <AuthenticatorSetup step={step} />}
      {(step.kind === 'totp-code' || step.kind === 'totp-setup') && (
        <TextField
          id="code"
          label={t.signIn.code}
          hint={step.kind === 'totp-code' ? t.signIn.codeHint : t.signIn.firstCodeHint}
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
      <button type="submit" disabled={sending}>
        {sending ? t.common.sending : t.signIn.submitStep[step.kind]}
      </button>
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
