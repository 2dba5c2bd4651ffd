import type { ButtonHTMLAttributes, ReactNode } from 'react';

type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  variant?: ButtonVariant;
  size?: 'sm' | 'md' | 'lg';
  icon?: ReactNode;
  type?: 'button' | 'submit';
};

export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  className,
  children,
  type = 'button',
  ...rest
}: ButtonProps) {
  const classes = ['btn', `btn-${variant}`, `btn-${size}`, className].filter(Boolean).join(' ');
  return (
    <button type={type} className={classes} {...rest}>
      {icon}
      {children !== undefined && <span className="btn-label">{children}</span>}
    </button>
  );
}

type IconButtonProps = Omit<ButtonProps, 'icon' | 'children'> & {
  icon: ReactNode;
  /** Required: an icon alone has no accessible name. */
  label: string;
  isPressed?: boolean;
};

export function IconButton({ icon, label, isPressed, className, variant = 'ghost', ...rest }: IconButtonProps) {
  return (
    <Button
      variant={variant}
      icon={icon}
      aria-label={label}
      title={rest.title ?? label}
      aria-pressed={isPressed}
      className={['btn-icon', className].filter(Boolean).join(' ')}
      {...rest}
    />
  );
}
