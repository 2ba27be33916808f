package org.entsso.cluster.resource.types;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.entsso.cluster.InvalidClusterConfigurationException;

/**
 * Validation of IP address literals and subnet masks without any name lookup: an IPv4 literal is parsed here, and a
 * text shaped like an IPv6 literal (hex digits, ':' and '.', starting with a hex digit or ':') is handed to
 * {@link InetAddress#getByName}, which parses such a string as a literal and never resolves it. Stateless.
 */
final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    // Only hex digits, ':' and '.' (plus a zone): InetAddress then treats the text as a literal and never resolves it.
    private static final Pattern IPV6_SHAPE = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[\\w.-]+)?");
    private static final Pattern PREFIX = Pattern.compile("/?(\\d{1,3})");

    private IpAddresses() {}

    /**
     * The canonical form of an IPv4 or IPv6 literal.
     *
     * @throws InvalidClusterConfigurationException when {@code text} is not one, e.g. a host name
     */
    static InetAddress parse(String text) {
        String value = text.trim();
        var ipv4 = IPV4.matcher(value);
        try {
            if (ipv4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(ipv4.group(i + 1));
                    if (octet > 255) {
                        throw notAnAddress(text);
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            if (IPV6_SHAPE.matcher(value).matches() && value.contains(":")) {
                return InetAddress.getByName(value);
            }
        } catch (UnknownHostException e) {
            throw notAnAddress(text);
        }
        throw notAnAddress(text);
    }

    /**
     * The canonical form of a subnet mask for {@code address}: a dotted IPv4 mask with contiguous one bits, or a prefix
     * length ({@code 24}, {@code /24}) which an IPv4 address turns into a dotted mask.
     */
    static String mask(InetAddress address, String text) {
        String value = text.trim();
        int bits = address instanceof Inet6Address ? 128 : 32;
        var prefix = PREFIX.matcher(value);
        if (prefix.matches()) {
            int length = Integer.parseInt(prefix.group(1));
            if (length > bits) {
                throw badMask(text, address);
            }
            return bits == 32 ? dotted(length) : String.valueOf(length);
        }
        if (bits == 32 && isIpv4Literal(value)) {
            byte[] mask = parse(value).getAddress();
            int asInt =
                    ((mask[0] & 0xff) << 24) | ((mask[1] & 0xff) << 16) | ((mask[2] & 0xff) << 8) | (mask[3] & 0xff);
            int ones = Integer.bitCount(asInt);
            if (ones == 0 ? asInt == 0 : asInt == (-1 << (32 - ones))) {
                return dotted(ones);
            }
        }
        throw badMask(text, address);
    }

    private static boolean isIpv4Literal(String value) {
        try {
            return IPV4.matcher(value).matches() && parse(value) != null;
        } catch (InvalidClusterConfigurationException e) {
            return false;
        }
    }

    private static String dotted(int prefixLength) {
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        return (mask >>> 24) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }

    private static InvalidClusterConfigurationException notAnAddress(String text) {
        return new InvalidClusterConfigurationException(
                "'" + text + "' is not an IPv4 or IPv6 address literal (host names are not accepted)");
    }

    private static InvalidClusterConfigurationException badMask(String text, InetAddress address) {
        return new InvalidClusterConfigurationException("'" + text + "' is not a valid SubnetMask for "
                + address.getHostAddress()
                + (address instanceof Inet6Address
                        ? "; an IPv6 address takes a prefix length from 0 to 128"
                        : "; use a dotted mask with contiguous bits such as 255.255.255.0, or a prefix length 0-32"));
    }
}
