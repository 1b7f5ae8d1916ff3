package com.autobolt.worker.submit;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Where the worker may send a customer's data. Submission URLs come from the catalog, which an admin
 * edits and a mistake or a compromised account could point anywhere: at the cloud's metadata service,
 * at an internal admin port, at the broker. So, unless a host is allow-listed:
 *
 * <ul>
 *   <li>only {@code https} (a listing holds personal data; {@code http} would send it in clear text);
 *   <li>no address that points inward: loopback, private (RFC 1918, IPv6 unique local), link-local
 *       (which includes 169.254.169.254, the metadata service of most clouds), shared address space
 *       (RFC 6598), multicast, broadcast and the unspecified address.
 * </ul>
 *
 * <p>The address check is made on the addresses the connection will actually use, in the client's
 * {@link DnsResolver} ({@link #resolver()}), so a public name that resolves inward, now or after a
 * DNS change, is refused too. The allow-list names hosts exactly as the submission URL spells them
 * (a name or an IP literal; the local stack allow-lists its sandbox on the loopback interface).
 */
public final class EgressPolicy {

    private final Set<String> allowedHosts;
    private final DnsResolver resolver;

    private EgressPolicy(Collection<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream()
                .map(String::trim)
                .filter(host -> !host.isEmpty())
                .map(EgressPolicy::normalized)
                .collect(Collectors.toUnmodifiableSet());
        this.resolver = new CheckingResolver();
    }

    public static EgressPolicy allowing(Collection<String> allowedHosts) {
        return new EgressPolicy(allowedHosts);
    }

    /** Why a submission to this URL is refused before any connection, or null when it may go ahead. */
    String refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return "the submission URL has no host";
        }
        if (scheme.equals("https") || (scheme.equals("http") && isAllowed(host))) {
            return null;
        }
        return scheme.equals("http")
                ? "plain http is allowed only to allow-listed hosts, not to " + host
                : "only https submission URLs are allowed";
    }

    /** The resolver the HTTP client connects through: it refuses inward addresses of hosts not allow-listed. */
    DnsResolver resolver() {
        return resolver;
    }

    private boolean isAllowed(String host) {
        return allowedHosts.contains(normalized(host));
    }

    private static String normalized(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    /** Whether a connection to this address would reach inside the network rather than the public internet. */
    static boolean pointsInward(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // shared address space, RFC 6598
                    || (first == 255 && second == 255 && (bytes[2] & 0xff) == 255 && (bytes[3] & 0xff) == 255);
        }
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return true;
    }

    /** Refused by the egress policy; a kind of {@link UnknownHostException}, so the client stops before connecting. */
    static final class Denied extends UnknownHostException {
        Denied(String message) {
            super(message);
        }
    }

    private final class CheckingResolver implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
            if (isAllowed(host)) {
                return addresses;
            }
            for (InetAddress address : addresses) {
                if (pointsInward(address)) {
                    throw new Denied(host + " resolves to " + address.getHostAddress()
                            + ", an internal address; allow-list the host to submit to it");
                }
            }
            return addresses;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
        }
    }
}
