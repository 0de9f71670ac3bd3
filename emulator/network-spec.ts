// How a fixture describes a VM's network (Microsoft.Network): its NICs,
// their public IPs and the security groups on the NIC and on its subnet.
// Everything is optional; the defaults (initial-network.ts) give a VM that
// RDP reaches from the internet.

/** A user security rule of a network security group. */
export interface SecurityRuleSpec {
  name: string
  /** 100–4096; the lowest number that matches decides. */
  priority: number
  access: 'Allow' | 'Deny'
  /** Default Inbound. */
  direction?: 'Inbound' | 'Outbound'
  /** Default Tcp. */
  protocol?: 'Tcp' | 'Udp' | '*'
  /** A CIDR, an address, a service tag (Internet, VirtualNetwork, AzureLoadBalancer) or `*`. Default `*`. */
  sourceAddressPrefix?: string
  /** A port, a range (`3389-3390`) or `*`. Default `3389`. */
  destinationPortRange?: string
}

/** A public IP on a NIC's primary IP configuration. */
export interface PublicIpSpec {
  /** Default `20.1.x.y`, unique per VM. A Dynamic address is released while the VM is deallocated. */
  address?: string
  /** Default Standard; Basic when `allocation` is Dynamic (Standard is Static only). */
  sku?: 'Basic' | 'Standard'
  /** Default Static. */
  allocation?: 'Static' | 'Dynamic'
}

/** One network interface of a VM, in the VM's resource group. */
export interface NicSpec {
  /** Default `<vm>-nic` (the first NIC), `<vm>-nic-<n>` after it. */
  name?: string
  /** Default 10.0.0.x in the `default` subnet, 10.0.k.4 in a subnet of its own. */
  privateIpAddress?: string
  /** Absent: a Standard static public IP `<vm>-ip`; null: none. */
  publicIp?: PublicIpSpec | null
  /**
   * The NIC's security group `<nic>-nsg`. Absent: one rule, `AllowRDP`
   * (priority 1000, TCP 3389 from `*`); null: no group on the NIC.
   */
  nsg?: SecurityRuleSpec[] | null
  /**
   * Its subnet in `<resource group>-vnet`. Absent: `default` (10.0.0.0/20,
   * no security group). A named subnet gets its own /24 and, when `nsg` is
   * given, the group `<subnet>-nsg`; NICs naming one subnet must agree on it.
   */
  subnet?: { name: string; nsg?: SecurityRuleSpec[] | null }
}

/** A VM's network: its NICs, the first one primary. Default: one NIC with the defaults above. */
export interface VmNetworkSpec {
  nics?: NicSpec[]
}
