// What flannel's `subnet.env` says, as the parser (src/parsers/flannel-subnet-env.ts) reads it.

export interface FlannelSubnetEnv {
  format: 'flannel-subnet-env';
  values: Record<string, { value: string; line: number }>;
  network?: string;
  subnet?: string;
  ipv6Network?: string;
  ipv6Subnet?: string;
  mtu?: number;
  ipMasq?: boolean;
  /** Keys the flannel plugin requires that the file lacks. */
  missing: string[];
}
