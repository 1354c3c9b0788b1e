/**
 * Seed brokers as kafkajs takes them. kafkajs 2.2.4 splits a seed broker at its first `:`, so it
 * cannot dial `[::1]:9092`; such a broker is given to it under a stand-in host name, which the
 * socket factory turns back into the IPv6 address when it connects. (The brokers the cluster's
 * metadata names come with host and port apart and need no stand-in.)
 *
 * @module
 */

import net from "node:net";
import type { ISocketFactory } from "kafkajs";

/** Seed brokers for kafkajs, and the socket factory they need (none for plain host names). */
export interface Seeds {
  /** `host:port` strings kafkajs can split. */
  brokers: string[];
  /** Present when a broker is an IPv6 address. */
  socketFactory?: ISocketFactory;
}

/** How long an idle connection waits before TCP keep-alive probes, in ms (as kafkajs). */
const KEEP_ALIVE_MS = 60_000;

/** The seeds for `brokers` (`host:port` or `[IPv6]:port`, as `parseBrokers` returns them). */
export function seedBrokers(brokers: readonly string[]): Seeds {
  const hosts = new Map<string, string>();
  const seeds = brokers.map((broker) => {
    const v6 = /^\[(.+)\]:(\d+)$/.exec(broker);
    if (!v6) return broker;
    const alias = `stratos-ipv6-${hosts.size}.invalid`;
    hosts.set(alias, v6[1]);
    return `${alias}:${v6[2]}`;
  });
  if (hosts.size === 0) return { brokers: seeds };
  const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = net.connect({ host: hosts.get(host) ?? host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_MS);
    return socket;
  };
  return { brokers: seeds, socketFactory };
}
