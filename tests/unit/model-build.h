/* model-build.h - build a struct config and a struct kstate by hand, for tests */
#ifndef EARLYNET_MODEL_BUILD_H
#define EARLYNET_MODEL_BUILD_H

#include "model.h"
#include "kstate.h"

/* The file side. Each adder returns the new interface's index; ports and
 * parents are given by name and must be added first. Free with config_free. */
void mb_config_init(struct config *c);
int mb_link(struct config *c, const char *name, const char *mac);
int mb_bond(struct config *c, const char *name, const char *ports);
int mb_bridge(struct config *c, const char *name, const char *ports);
int mb_vlan(struct config *c, const char *name, const char *parent, int id);
void mb_addr(struct config *c, const char *name, const char *ip_prefix);
void mb_gateway(struct config *c, const char *name, const char *ip);
struct iface *mb_iface(struct config *c, const char *name);
/* node01.ini of the shared examples, as the parser would give it. */
void mb_node01(struct config *c);

/* The kernel side. The pointer mb_ks_link returns is valid until the next
 * link is added. Free with kstate_free. */
void mb_mac(uint8_t mac[6], const char *text);
struct en_addr mb_en_addr(const char *ip_prefix);
struct ks_link *mb_ks_link(struct kstate *k, int ifindex, const char *name,
                           enum ks_kind kind, const char *mac, const char *perm);
struct ks_link *mb_ks(struct kstate *k, const char *name);
void mb_ks_enslave(struct kstate *k, const char *port, const char *master);
void mb_ks_addr(struct kstate *k, int ifindex, const char *ip_prefix);
void mb_ks_addr_peer(struct kstate *k, int ifindex, const char *ip_prefix, const char *peer);
void mb_ks_route(struct kstate *k, int ifindex, const char *gw);
/* A live system that already is node01: names, bond, bridges, VLANs,
 * addresses (plus the kernel's IPv6 link-local ones), the default route,
 * ethtool read with tso off and rings at 4096. */
void mb_ks_node01(struct kstate *k);

#endif
