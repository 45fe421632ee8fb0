// A small helper to write ONNX graphs node by node: unique tensor names, float32/int64 constants as
// initializers, and the few composite blocks the heads share (Linear, LayerNorm, exact GELU).
import type { Attribute, GraphSpec, NodeSpec, TensorSpec, ValueSpec } from './onnxProto';
import { AttributeType, DataType, encodeModel } from './onnxProto';

export class GraphBuilder {
  readonly #nodes: NodeSpec[] = [];
  readonly #initializers: TensorSpec[] = [];
  #counter = 0;

  constructor(readonly name: string) {}

  #fresh(hint: string): string {
    return `${hint}_${this.#counter++}`;
  }

  op(opType: string, inputs: string[], attrs: Record<string, number | number[]> = {}, outputName?: string): string {
    const output = outputName ?? this.#fresh(opType.toLowerCase());
    const attribute: Attribute[] = Object.entries(attrs).map(([name, value]) =>
      Array.isArray(value)
        ? { name, ints: value, type: AttributeType.INTS }
        : Number.isInteger(value) && name !== 'epsilon'
          ? { name, i: value, type: AttributeType.INT }
          : { name, f: value, type: AttributeType.FLOAT },
    );
    this.#nodes.push({ opType, input: inputs, output: [output], name: this.#fresh(`n_${opType}`), attribute });
    return output;
  }

  float(values: ArrayLike<number>, dims: number[], hint = 'const'): string {
    const name = this.#fresh(hint);
    const data = Float32Array.from(values);
    if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new RangeError(`${hint}: ${data.length} values for dims ${dims}`);
    this.#initializers.push({ name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  int64(values: readonly number[], dims: number[] = [values.length], hint = 'shape'): string {
    const name = this.#fresh(hint);
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.#initializers.push({ name, dims, dataType: DataType.INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  /** x · weightᵀ + bias, with weight [out, in] (torch's layout) stored transposed as [in, out]. */
  linear(x: string, weight: Float32Array, bias: Float32Array, outputs: number, inputs: number, outputName?: string): string {
    const transposed = new Float32Array(inputs * outputs);
    for (let o = 0; o < outputs; o++) for (let i = 0; i < inputs; i++) transposed[i * outputs + o] = weight[o * inputs + i]!;
    const product = this.op('MatMul', [x, this.float(transposed, [inputs, outputs], 'weight')]);
    return this.op('Add', [product, this.float(bias, [outputs], 'bias')], {}, outputName);
  }

  layerNorm(x: string, gamma: Float32Array, beta: Float32Array, epsilon: number): string {
    return this.op('LayerNormalization', [x, this.float(gamma, [gamma.length], 'gamma'), this.float(beta, [beta.length], 'beta')], { axis: -1, epsilon });
  }

  /** Exact GELU: 0.5 · x · (1 + erf(x / √2)). */
  gelu(x: string): string {
    const erf = this.op('Erf', [this.op('Mul', [x, this.float([Math.SQRT1_2], [], 'inv_sqrt2')])]);
    const onePlus = this.op('Add', [erf, this.float([1], [], 'one')]);
    return this.op('Mul', [this.op('Mul', [x, onePlus]), this.float([0.5], [], 'half')]);
  }

  build(inputs: ValueSpec[], outputs: ValueSpec[]): GraphSpec {
    return { name: this.name, nodes: this.#nodes, initializers: this.#initializers, inputs, outputs };
  }

  encode(inputs: ValueSpec[], outputs: ValueSpec[]): Uint8Array {
    return encodeModel(this.build(inputs, outputs));
  }
}
