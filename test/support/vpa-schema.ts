/**
 * The VerticalPodAutoscaler schema tests validate against: the parts of the VPA CRD's OpenAPI
 * schema (kubernetes/autoscaler vertical-pod-autoscaler/v1.7.1, deploy/vpa-v1-crd-gen.yaml,
 * version v1) that a spec written by this library can reach — types, enums, required fields,
 * the quantity pattern and int32 bounds — as a small JSON-schema walker. No npm package ships
 * VPA models; unknown fields are refused here (the API server would prune them silently).
 */
type Node = { type?: 'object' | 'array' | 'string' | 'integer' | 'quantity'; properties?: Record<string, Node>; additional?: Node; items?: Node; enum?: string[]; required?: string[]; minimum?: number };

const QUANTITY = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
const str: Node = { type: 'string' };
const int32 = (minimum?: number): Node => ({ type: 'integer', minimum });
const resources: Node = { type: 'object', additional: { type: 'quantity' } };

const CONTAINER_POLICY: Node = {
  type: 'object',
  properties: {
    containerName: str,
    controlledResources: { type: 'array', items: str },
    controlledValues: { type: 'string', enum: ['RequestsAndLimits', 'RequestsOnly'] },
    maxAllowed: resources,
    minAllowed: resources,
    mode: { type: 'string', enum: ['Auto', 'Off'] },
    memoryAggregationIntervalCount: int32(1),
    memoryAggregationIntervalSeconds: int32(1),
    oomBumpUpRatio: { type: 'quantity' },
    oomMinBumpUp: { type: 'quantity' },
  },
};

const VPA: Node = {
  type: 'object',
  required: ['spec'],
  properties: {
    apiVersion: str,
    kind: str,
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['targetRef'],
      properties: {
        recommenders: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: str } } },
        resourcePolicy: { type: 'object', properties: { containerPolicies: { type: 'array', items: CONTAINER_POLICY } } },
        targetRef: { type: 'object', required: ['kind', 'name'], properties: { apiVersion: str, kind: str, name: str } },
        updatePolicy: {
          type: 'object',
          properties: {
            evictAfterOOMSeconds: int32(1),
            minReplicas: int32(),
            updateMode: { type: 'string', enum: ['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'InPlace', 'Auto'] },
          },
        },
      },
    },
  },
};

function check(node: Node, value: unknown, path: string, errors: string[]): void {
  if (value === undefined) return;
  switch (node.type) {
    case 'string':
      if (typeof value !== 'string') errors.push(`${path} must be a string`);
      else if (node.enum && !node.enum.includes(value)) errors.push(`${path} must be one of ${node.enum.join(', ')}`);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value > 2147483647 || value < -2147483648) errors.push(`${path} must be an int32`);
      else if (node.minimum !== undefined && value < node.minimum) errors.push(`${path} must be >= ${node.minimum}`);
      return;
    case 'quantity':
      if (!(typeof value === 'number' && Number.isInteger(value)) && !(typeof value === 'string' && QUANTITY.test(value))) errors.push(`${path} must be a quantity`);
      return;
    case 'array':
      if (!Array.isArray(value)) errors.push(`${path} must be an array`);
      else value.forEach((item, i) => check(node.items!, item, `${path}[${i}]`, errors));
      return;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        errors.push(`${path} must be an object`);
        return;
      }
      const obj = value as Record<string, unknown>;
      for (const key of node.required ?? []) if (obj[key] === undefined) errors.push(`${path}.${key} is required`);
      if (!node.properties && !node.additional) return;
      for (const [key, v] of Object.entries(obj)) {
        const child = node.properties?.[key] ?? node.additional;
        if (!child) errors.push(`${path}.${key} is not in the schema`);
        else check(child, v, `${path}.${key}`, errors);
      }
      return;
    }
  }
}

/** A model class in the shape kubernetes-models' have: construct, then validate() throws. */
export class VerticalPodAutoscaler {
  public constructor(private readonly data: unknown) {}

  public validate(): void {
    const errors: string[] = [];
    check(VPA, this.data, 'VerticalPodAutoscaler', errors);
    if (errors.length > 0) throw new Error(errors.join('; '));
  }
}
