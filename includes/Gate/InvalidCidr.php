<?php
/**
 * Raised when text is not a usable IP address or CIDR range.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Carries a human-readable reason, shown to the user as is (REST 400, WP-CLI error).
 */
final class InvalidCidr extends \InvalidArgumentException {
}
