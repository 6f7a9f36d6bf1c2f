// THE registry: every analyzer, sorted by name (test/analysis/registry.test.ts checks it).
import type { Analyzer } from '../defineAnalyzer.js';
import conditionsNegativeStatus from './conditions/negative-status.js';
import deploymentMultiService from './deployment/multi-service.js';
import destinationruleCaCertificates from './destinationrule/ca-certificates.js';
import destinationruleMergedRules from './destinationrule/merged-rules.js';
import destinationruleSubsetLabels from './destinationrule/subset-labels.js';
import destinationruleSubsetSelectsPods from './destinationrule/subset-selects-pods.js';
import exporttoNamespace from './exportto/namespace.js';
import gatewayConflictingServers from './gateway/conflicting-servers.js';
import gatewayDuplicateCertificate from './gateway/duplicate-certificate.js';
import gatewayOverlappingHosts from './gateway/overlapping-hosts.js';
import gatewaySecret from './gateway/secret.js';
import gatewayServerWithoutRoutes from './gateway/server-without-routes.js';
import gatewayWorkloadPort from './gateway/workload-port.js';
import gatewayapiAttachment from './gatewayapi/attachment.js';
import k8sgatewayCrdVersion from './k8sgateway/crd-version.js';
import k8sgatewayPolicySelector from './k8sgateway/policy-selector.js';
import schemaValidation from './schema/validation.js';
import servicePortName from './service/port-name.js';
import serviceTargetPort from './service/target-port.js';
import serviceentryAddressesRequired from './serviceentry/addresses-required.js';
import serviceentryConflictingProtocol from './serviceentry/conflicting-protocol.js';
import serviceentryDuplicateHost from './serviceentry/duplicate-host.js';
import sidecarEgressHosts from './sidecar/egress-hosts.js';
import sidecarSelector from './sidecar/selector.js';
import virtualserviceBoundToNothing from './virtualservice/bound-to-nothing.js';
import virtualserviceDestinationNotFound from './virtualservice/destination-not-found.js';
import virtualserviceGatewayHostConflict from './virtualservice/gateway-host-conflict.js';
import virtualserviceGatewayNotFound from './virtualservice/gateway-not-found.js';
import virtualserviceJwtClaimRoute from './virtualservice/jwt-claim-route.js';
import virtualserviceMatchGateways from './virtualservice/match-gateways.js';
import virtualserviceMeshHostConflict from './virtualservice/mesh-host-conflict.js';
import virtualserviceRegexSize from './virtualservice/regex-size.js';
import virtualserviceRouteDestinations from './virtualservice/route-destinations.js';
import virtualserviceSubsetNotFound from './virtualservice/subset-not-found.js';
import virtualserviceUnreachableRule from './virtualservice/unreachable-rule.js';

export const ANALYZERS: readonly Analyzer[] = [
  conditionsNegativeStatus,
  deploymentMultiService,
  destinationruleCaCertificates,
  destinationruleMergedRules,
  destinationruleSubsetLabels,
  destinationruleSubsetSelectsPods,
  exporttoNamespace,
  gatewayConflictingServers,
  gatewayDuplicateCertificate,
  gatewayOverlappingHosts,
  gatewaySecret,
  gatewayServerWithoutRoutes,
  gatewayWorkloadPort,
  gatewayapiAttachment,
  k8sgatewayCrdVersion,
  k8sgatewayPolicySelector,
  schemaValidation,
  servicePortName,
  serviceTargetPort,
  serviceentryAddressesRequired,
  serviceentryConflictingProtocol,
  serviceentryDuplicateHost,
  sidecarEgressHosts,
  sidecarSelector,
  virtualserviceBoundToNothing,
  virtualserviceDestinationNotFound,
  virtualserviceGatewayHostConflict,
  virtualserviceGatewayNotFound,
  virtualserviceJwtClaimRoute,
  virtualserviceMatchGateways,
  virtualserviceMeshHostConflict,
  virtualserviceRegexSize,
  virtualserviceRouteDestinations,
  virtualserviceSubsetNotFound,
  virtualserviceUnreachableRule,
] as readonly Analyzer[];
