import { Icon, type IconProps } from '../../components/icons';

// The gallery's own stroke icons, drawn like components/icons.tsx. Decorative: the control that
// holds one carries the accessible name. (Tiles draw theirs in CSS to keep DOM nodes down.)

export const SearchIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="11" cy="11" r="6.5" />
    <path d="M20 20l-4.2-4.2" />
  </Icon>
);

export const StarIcon = ({ isFilled, ...p }: IconProps & { isFilled?: boolean }) => (
  <Icon {...p} fill={isFilled ? 'currentColor' : 'none'}>
    <path d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z" />
  </Icon>
);

export const TrashIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 002 2h6a2 2 0 002-2l1-12M9 7V4h6v3" />
  </Icon>
);

export const RestoreIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 12a8 8 0 108-8 8.5 8.5 0 00-6 2.5L4 8.5" />
    <path d="M4 4v4.5h4.5" />
  </Icon>
);

export const ChevronLeftIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M15 5l-7 7 7 7" />
  </Icon>
);

export const ChevronRightIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M9 5l7 7-7 7" />
  </Icon>
);

export const MinusIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M5 12h14" />
  </Icon>
);

export const ZoomInIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 5v14M5 12h14" />
  </Icon>
);

export const FitIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />
  </Icon>
);

export const CopyIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="8" y="8" width="12" height="12" rx="2" />
    <path d="M16 8V6a2 2 0 00-2-2H6a2 2 0 00-2 2v8a2 2 0 002 2h2" />
  </Icon>
);

export const FolderIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M3 7a2 2 0 012-2h4l2 2h8a2 2 0 012 2v8a2 2 0 01-2 2H5a2 2 0 01-2-2z" />
  </Icon>
);

export const EditIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 20h4L19 9l-4-4L4 16z" />
    <path d="M13.5 6.5l4 4" />
  </Icon>
);

export const RerunIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M20 12a8 8 0 11-2.3-5.6" />
    <path d="M20 4v5h-5" />
  </Icon>
);

export const ShuffleIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M3 7h4l10 10h4M3 17h4l3-3M14 10l3-3h4M18 4l3 3-3 3M18 14l3 3-3 3" />
  </Icon>
);

export const CloseIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6 6l12 12M18 6L6 18" />
  </Icon>
);

/** A tray with an arrow coming in: import. */
export const ImportIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 14v4a2 2 0 002 2h12a2 2 0 002-2v-4" />
    <path d="M12 3v11M7.5 9.5L12 14l4.5-4.5" />
  </Icon>
);

/** A tray with an arrow going out: exports. */
export const ExportIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 14v4a2 2 0 002 2h12a2 2 0 002-2v-4" />
    <path d="M12 14V3M7.5 7.5L12 3l4.5 4.5" />
  </Icon>
);
