// THE registry: every analyzer, sorted by name (test/analysis/registry.test.ts checks it).
import type { Analyzer } from '../defineAnalyzer.js';
import deploymentMultiService from './deployment/multi-service.js';
import destinationruleCaCertificates from './destinationrule/ca-certificates.js';
import destinationruleSubsetSelectsPods from './destinationrule/subset-selects-pods.js';
import gatewayConflictingServers from './gateway/conflicting-servers.js';
import gatewayDuplicateCertificate from './gateway/duplicate-certificate.js';
import gatewayWorkloadPort from './gateway/workload-port.js';
import schemaValidation from './schema/validation.js';
import servicePortName from './service/port-name.js';
import serviceentryAddressesRequired from './serviceentry/addresses-required.js';
import serviceentryConflictingProtocol from './serviceentry/conflicting-protocol.js';
import sidecarSelector from './sidecar/selector.js';
import virtualserviceDestinationNotFound from './virtualservice/destination-not-found.js';
import virtualserviceGatewayNotFound from './virtualservice/gateway-not-found.js';
import virtualserviceMeshHostConflict from './virtualservice/mesh-host-conflict.js';
import virtualserviceSubsetNotFound from './virtualservice/subset-not-found.js';
import virtualserviceUnreachableRule from './virtualservice/unreachable-rule.js';

export const ANALYZERS: readonly Analyzer[] = [
  deploymentMultiService,
  destinationruleCaCertificates,
  destinationruleSubsetSelectsPods,
  gatewayConflictingServers,
  gatewayDuplicateCertificate,
  gatewayWorkloadPort,
  schemaValidation,
  servicePortName,
  serviceentryAddressesRequired,
  serviceentryConflictingProtocol,
  sidecarSelector,
  virtualserviceDestinationNotFound,
  virtualserviceGatewayNotFound,
  virtualserviceMeshHostConflict,
  virtualserviceSubsetNotFound,
  virtualserviceUnreachableRule,
] as readonly Analyzer[];
