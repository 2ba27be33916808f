/** The SSO server: master secret cryptography, the store, the Master Secret Service and the node. */
package org.entsso.sso;
