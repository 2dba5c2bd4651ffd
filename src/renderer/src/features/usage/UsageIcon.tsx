import { Icon, type IconProps } from '../../components/icons';

/** Bars of a chart: the Usage screen's entry in the sidebar. */
export function UsageIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 20h16" />
      <rect x="6" y="11" width="3" height="6" rx="0.5" />
      <rect x="11" y="6" width="3" height="11" rx="0.5" />
      <rect x="16" y="13" width="3" height="4" rx="0.5" />
    </Icon>
  );
}
