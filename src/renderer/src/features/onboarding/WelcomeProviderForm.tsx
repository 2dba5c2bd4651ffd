import { PROVIDER_KINDS } from '../../../../shared/capabilities';
import { Field, FieldSet } from '../../components/Field';
import { useT } from '../../lib/i18n';
import { Radios } from '../settings/ProfileKindFields';
import { withKind, withRegion, type ProfileForm } from '../settings/profile-form';
import { settingsStrings } from '../settings/strings';
import { onboardingStrings } from './strings';
import { KEY_CONSOLES, type WelcomeProblems } from './welcome-model';

// The welcome's provider fields: kind, region (DashScope), base URL filled from them, where a key
// comes from, and the key. The same form model as Settings' provider editor.

const KIND_LABEL = { openai: 'kindOpenai', dashscope: 'kindDashscope' } as const;
const KIND_HINT = { openai: 'kindOpenaiHint', dashscope: 'kindDashscopeHint' } as const;
const REGIONS = ['beijing', 'singapore'] as const;
export const REGION_LABEL = { beijing: 'regionBeijing', singapore: 'regionSingapore' } as const;

type Props = {
  form: ProfileForm;
  problems: WelcomeProblems;
  isBrowserHost: boolean;
  onChange: (form: ProfileForm) => void;
};

function KeySource({ form }: { form: ProfileForm }) {
  const t = useT(onboardingStrings);
  const st = useT(settingsStrings);
  if (form.kind !== 'dashscope' || form.region === 'custom')
    return <p className="welcome-key-source">{t('keyGateway')}</p>;
  const url = KEY_CONSOLES[form.region];
  return (
    <p className="welcome-key-source">
      {t('keyDashscope', { region: st(REGION_LABEL[form.region]) })}{' '}
      {/* Electron hands an https link that opens a new window to the system browser. */}
      <a href={url} target="_blank" rel="noreferrer noopener" data-testid="welcome-key-link">
        {new URL(url).host}
      </a>{' '}
      <span className="welcome-muted">{t('opensInBrowser')}</span>
    </p>
  );
}

export function WelcomeProviderForm({ form, problems, isBrowserHost, onChange }: Props) {
  const t = useT(onboardingStrings);
  const st = useT(settingsStrings);
  const isDashScope = form.kind === 'dashscope';
  return (
    <>
      <FieldSet legend={t('provider')} hint={st(KIND_HINT[form.kind])} testId="welcome-kind">
        <Radios
          name="welcome-kind"
          values={PROVIDER_KINDS}
          value={form.kind}
          label={(v) => st(KIND_LABEL[v])}
          onPick={(v) => onChange(withKind(form, v))}
        />
      </FieldSet>
      {isDashScope && form.region !== 'custom' && (
        <FieldSet legend={st('region')} hint={st('regionHint')} testId="welcome-region">
          <Radios
            name="welcome-region"
            values={REGIONS}
            value={form.region}
            label={(v) => st(REGION_LABEL[v])}
            onPick={(v) => onChange(withRegion(form, v))}
          />
        </FieldSet>
      )}
      <Field
        label={st('baseUrl')}
        hint={isDashScope ? st('baseUrlRegion') : st('baseUrlHint')}
        error={problems.baseUrl && st(problems.baseUrl)}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            type="url"
            data-testid="welcome-base-url"
            value={form.baseUrl}
            readOnly={isDashScope}
            spellCheck={false}
            onChange={(e) => onChange({ ...form, baseUrl: e.target.value })}
          />
        )}
      </Field>
      <div className="welcome-key-block">
        <p className="field-label">{t('whereKey')}</p>
        <KeySource form={form} />
      </div>
      <Field
        label={st('apiKey')}
        hint={st(isBrowserHost ? 'apiKeyNewBrowser' : 'apiKeyNew')}
        error={problems.apiKey && t(problems.apiKey)}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            type="password"
            data-testid="welcome-api-key"
            value={form.apiKey}
            autoComplete="off"
            spellCheck={false}
            placeholder="sk-…"
            onChange={(e) => onChange({ ...form, apiKey: e.target.value })}
          />
        )}
      </Field>
    </>
  );
}
