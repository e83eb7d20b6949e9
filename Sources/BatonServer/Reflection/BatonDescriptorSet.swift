import BatonProtoC

/// The `FileDescriptorSet` that codegen embeds in the binary: baton.v1 with its imports,
/// health, reflection and google.rpc, with source comments.
public enum BatonDescriptorSet {
  public static var bytes: [UInt8] {
    guard let base = baton_descriptor_set_bytes() else { return [] }
    return Array(UnsafeBufferPointer(start: base, count: baton_descriptor_set_size()))
  }
}
