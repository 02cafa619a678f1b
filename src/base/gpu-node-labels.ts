/**
 * The node labels that mark an NVIDIA GPU node, per platform: each one a platform or NVIDIA's own
 * tooling sets on its GPU nodes, with where that is documented. A GPU agent selects a node that
 * carries any of them (node-affinity terms are ORed). Internal: `NodeSelection.gpuNodes()` is the
 * interface.
 */

/** One label test: `value` undefined means the label only has to exist. */
export interface GpuNodeLabel {
  readonly key: string;
  readonly value?: string;
}

export const GPU_NODE_LABELS: readonly GpuNodeLabel[] = [
  // NVIDIA GPU Operator and GPU feature discovery: `nvidia.com/gpu.present=true`, the label the
  // operator's own DaemonSets select on (NVIDIA/gpu-operator#138; the k8s-device-plugin chart
  // 0.20.0's default affinity).
  { key: 'nvidia.com/gpu.present', value: 'true' },
  // Node feature discovery, vendor only (`pci-10de`: NVIDIA's PCI vendor ID), as the device
  // plugin chart's affinity has it; NFD's default labels also carry the PCI class, 0300 (VGA)
  // and 0302 (3D controller, most data-centre GPUs): NVIDIA/k8s-device-plugin#1213.
  { key: 'feature.node.kubernetes.io/pci-10de.present', value: 'true' },
  { key: 'feature.node.kubernetes.io/pci-0300_10de.present', value: 'true' },
  { key: 'feature.node.kubernetes.io/pci-0302_10de.present', value: 'true' },
  // GKE puts `cloud.google.com/gke-accelerator=<GPU type, e.g. nvidia-tesla-t4>` on every GPU
  // node; Google's NVIDIA driver installer selects exactly on its existence
  // (GoogleCloudPlatform/container-engine-accelerators, nvidia-driver-installer/cos/
  // daemonset-preloaded.yaml), and the cluster autoscaler's GCE provider reads it as its GPU label
  // (kubernetes/autoscaler cluster-autoscaler/cloudprovider/gce/gce_cloud_provider.go). TPU
  // nodes carry `cloud.google.com/gke-tpu-accelerator` instead, so existence means an NVIDIA GPU.
  { key: 'cloud.google.com/gke-accelerator' },
  // EKS managed and self-managed node groups: EKS sets no GPU label itself; the cluster
  // autoscaler's AWS provider documents `k8s.amazonaws.com/accelerator=<GPU type>` as the label
  // to give GPU node groups (cluster-autoscaler/cloudprovider/aws/README.md, "Special note on
  // GPU instances"; GPULabel in aws_cloud_provider.go), which is what node groups carry.
  { key: 'k8s.amazonaws.com/accelerator' },
  // Karpenter on AWS labels every node it launches with its instance type's GPU manufacturer
  // (aws/karpenter-provider-aws pkg/apis/v1/labels.go, LabelInstanceGPUManufacturer, "nvidia"
  // on g4dn). The manufacturer, not `instance-gpu-count`: a count above 0 would also pick AMD
  // instances (g4ad), where dcgm-exporter cannot run.
  { key: 'karpenter.k8s.aws/instance-gpu-manufacturer', value: 'nvidia' },
  // EKS Auto Mode uses its own prefix for the same label (EKS user guide, "Create a Node Pool for
  // EKS Auto Mode", supported labels: eks.amazonaws.com/instance-gpu-manufacturer, e.g. nvidia).
  { key: 'eks.amazonaws.com/instance-gpu-manufacturer', value: 'nvidia' },
  // AKS labels GPU nodes `kubernetes.azure.com/accelerator=nvidia`; the cluster autoscaler's
  // Azure provider reads that key as the GPU label ("GPU autoscaling on VMSS is informed by the
  // presence of the kubernetes.azure.com/accelerator Node label": cloudprovider/azure/README.md,
  // GPULabel in azure_cloud_provider.go). The value "nvidia" is the one AKS users select on.
  { key: 'kubernetes.azure.com/accelerator', value: 'nvidia' },
];
