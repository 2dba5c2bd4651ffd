import { EDIT_STYLES, PALETTE_STYLES, PROVIDER_KINDS } from '../../../../shared/capabilities';
import { FieldSet } from '../../components/Field';
import { useT } from '../../lib/i18n';
import { withKind, withRegion, type ProfileForm } from './profile-form';
import { settingsStrings } from './strings';

// The provider editor's kind, region and gateway styles. Each choice is a radio group with a
// one-line explanation of the selected option.

type Props = { form: ProfileForm; onChange: (form: ProfileForm) => void };

const KIND_LABEL = { openai: 'kindOpenai', dashscope: 'kindDashscope' } as const;
const KIND_HINT = { openai: 'kindOpenaiHint', dashscope: 'kindDashscopeHint' } as const;
const REGIONS = ['beijing', 'singapore', 'custom'] as const;
const REGION_LABEL = { beijing: 'regionBeijing', singapore: 'regionSingapore', custom: 'regionCustom' } as const;
const EDIT_LABEL = { json: 'editStyleJson', multipart: 'editStyleMultipart' } as const;
const EDIT_HINT = { json: 'editStyleJsonHint', multipart: 'editStyleMultipartHint' } as const;
const PALETTE_LABEL = { text: 'paletteStyleText', structured: 'paletteStyleStructured' } as const;
const PALETTE_HINT = { text: 'paletteStyleTextHint', structured: 'paletteStyleStructuredHint' } as const;

/** A row of radio buttons styled as a segmented control (the provider editor and the welcome). */
export function Radios<V extends string>(props: {
  name: string;
  values: readonly V[];
  value: V;
  label: (value: V) => string;
  onPick: (value: V) => void;
}) {
  return (
    <div className="segmented" role="presentation">
      {props.values.map((value) => (
        <label key={value} className="segment">
          <input
            type="radio"
            name={props.name}
            value={value}
            checked={props.value === value}
            data-testid={`${props.name}-${value}`}
            onChange={() => props.onPick(value)}
          />
          <span>{props.label(value)}</span>
        </label>
      ))}
    </div>
  );
}

export function ProfileKindFields({ form, onChange }: Props) {
  const t = useT(settingsStrings);
  return (
    <>
      <FieldSet legend={t('kind')} hint={t(KIND_HINT[form.kind])} testId="profile-kind">
        <Radios
          name="profile-kind"
          values={PROVIDER_KINDS}
          value={form.kind}
          label={(v) => t(KIND_LABEL[v])}
          onPick={(v) => onChange(withKind(form, v))}
        />
      </FieldSet>
      {form.kind === 'dashscope' ? (
        <FieldSet legend={t('region')} hint={t('regionHint')} testId="profile-region">
          <Radios
            name="profile-region"
            values={REGIONS}
            value={form.region}
            label={(v) => t(REGION_LABEL[v])}
            onPick={(v) => onChange(withRegion(form, v))}
          />
        </FieldSet>
      ) : (
        <>
          <FieldSet legend={t('editStyle')} hint={t(EDIT_HINT[form.editStyle])} testId="profile-edit-style">
            <Radios
              name="profile-edit-style"
              values={EDIT_STYLES}
              value={form.editStyle}
              label={(v) => t(EDIT_LABEL[v])}
              onPick={(v) => onChange({ ...form, editStyle: v })}
            />
          </FieldSet>
          <FieldSet legend={t('paletteStyle')} hint={t(PALETTE_HINT[form.paletteStyle])} testId="profile-palette-style">
            <Radios
              name="profile-palette-style"
              values={PALETTE_STYLES}
              value={form.paletteStyle}
              label={(v) => t(PALETTE_LABEL[v])}
              onPick={(v) => onChange({ ...form, paletteStyle: v })}
            />
          </FieldSet>
        </>
      )}
    </>
  );
}
