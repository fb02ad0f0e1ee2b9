/** Berth's mark: a container ship at its berth. Drawn inline, so it needs no file and no CSP. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 32 32"
      role="img"
      aria-label="Berth"
      className="logo"
    >
      <rect width="32" height="32" rx="8" className="logo__tile" />
      <rect x="9" y="9" width="5" height="5" rx="1" className="logo__box logo__box--a" />
      <rect x="15" y="9" width="5" height="5" rx="1" className="logo__box logo__box--b" />
      <rect x="12" y="4" width="5" height="5" rx="1" className="logo__box logo__box--c" />
      <path d="M5 15.5h22l-3.2 6H8.2z" className="logo__hull" />
      <path d="M4 25.5c2 -1.6 4 -1.6 6 0s4 1.6 6 0 4 -1.6 6 0 4 1.6 6 0" className="logo__wave" />
    </svg>
  );
}
