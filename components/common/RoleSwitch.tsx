import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../lib/pathway/types';

/** The role orders and filters the list; it grants nothing (every role can open every prompt). */
export function RoleSwitch({ role, onChange }: { role: Role; onChange: (r: Role) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="pz-field pz-field--inline">
      <label htmlFor={id}>{t('role.label')}</label>
      <select id={id} value={role} onChange={(e) => onChange(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
