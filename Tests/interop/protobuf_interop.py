#!/usr/bin/env python3
"""Cross-checks Baton's protobuf-c based Swift messages against Python's protobuf,
the reference implementation, using the descriptor set embedded in Baton.

  protobuf_interop.py generate DESCRIPTOR_SET OUT
      Writes samples of every message type Baton generates: fully populated ones
      (non-ASCII text, negative numbers, extreme doubles, large repeated fields, every
      oneof member, maps, unknown enum values) and ones holding only zero values.
  protobuf_interop.py verify DESCRIPTOR_SET SAMPLES REENCODED
      Checks that every message Swift re-encoded decodes to the sample it came from.
  protobuf_interop.py encode DESCRIPTOR_SET MESSAGE JSON OUT
      Writes the encoding of the message that JSON (protobuf's JSON mapping) describes.
  protobuf_interop.py matches DESCRIPTOR_SET MESSAGE JSON ENCODED
      Checks that the encoded message equals the one JSON describes.
  protobuf_interop.py benchmark DESCRIPTOR_SET MESSAGE SECONDS OUT
      Writes a fully populated MESSAGE to OUT, then prints, as JSON, how many times per
      second Python's protobuf encodes and decodes it (and which backend it used).

A sample file is a sequence of records: a 4-byte big-endian length and the UTF-8
message name, then a 4-byte big-endian length and the encoded message.
"""
import json
import struct
import sys
import time

from google.protobuf import descriptor, descriptor_pb2, descriptor_pool, json_format, message_factory
from google.protobuf.internal import api_implementation

# Well-known types that Baton maps to native Swift values rather than generated structs.
MAPPED = {
    "google.protobuf.Timestamp", "google.protobuf.Struct", "google.protobuf.Value",
    "google.protobuf.ListValue", "google.protobuf.DoubleValue", "google.protobuf.FloatValue",
    "google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.Int32Value",
    "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
    "google.protobuf.BytesValue",
}
MAX_DEPTH = 3
LARGE_REPEATED = 1000
FD = descriptor.FieldDescriptor


def load_pool(path):
    with open(path, "rb") as f:
        files = descriptor_pb2.FileDescriptorSet.FromString(f.read()).file
    pool = descriptor_pool.DescriptorPool()
    for file in files:  # --include_imports lists dependencies first
        pool.Add(file)
    return pool, files


def message_class(pool, name):
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(name))


def message_names(files):
    def walk(prefix, messages):
        for m in messages:
            name = f"{prefix}.{m.name}" if prefix else m.name
            if not m.options.map_entry:
                yield name
                yield from walk(name, m.nested_type)
    for file in files:
        yield from walk(file.package, file.message_type)


class Populator:
    """Fills a message with the values of one variant: "full", "zero", "large" or "unknown_enum"."""

    def __init__(self, variant, oneof_choice=0):
        self.variant = variant
        self.oneof_choice = oneof_choice

    def scalar(self, field, index=0):
        zero = self.variant == "zero"
        t = field.type
        if t in (FD.TYPE_DOUBLE, FD.TYPE_FLOAT):
            if zero:
                return 0.0
            return [-1.5e300, 3.25, -0.0][index % 3] if t == FD.TYPE_DOUBLE else [-2.5, 1024.125, 0.5][index % 3]
        if t in (FD.TYPE_INT64, FD.TYPE_SINT64, FD.TYPE_SFIXED64):
            return 0 if zero else [-(2**63), 2**63 - 1, -7][index % 3]
        if t in (FD.TYPE_INT32, FD.TYPE_SINT32, FD.TYPE_SFIXED32):
            return 0 if zero else [-(2**31), 2**31 - 1, -42][index % 3]
        if t in (FD.TYPE_UINT64, FD.TYPE_FIXED64):
            return 0 if zero else [2**64 - 1, 1, 12345][index % 3]
        if t in (FD.TYPE_UINT32, FD.TYPE_FIXED32):
            return 0 if zero else [2**32 - 1, 1, 77][index % 3]
        if t == FD.TYPE_BOOL:
            return not zero
        if t == FD.TYPE_STRING:
            return "" if zero else ["tâche ✓ 日本語 🚀", "a", "x" * 300][index % 3]
        if t == FD.TYPE_BYTES:
            return b"" if zero else [b"\x00\xff\x10", b"\x01", bytes(range(256))][index % 3]
        if t == FD.TYPE_ENUM:
            if zero:
                return 0
            if self.variant == "unknown_enum":
                return 99
            values = field.enum_type.values
            return values[(len(values) - 1 - index) % len(values)].number
        raise ValueError(f"unsupported type {t} of {field.full_name}")

    def fill(self, msg, depth=0):
        d = msg.DESCRIPTOR
        if d.full_name == "google.protobuf.Timestamp":
            # Baton keeps microsecond precision, so samples use whole microseconds.
            if self.variant != "zero":
                msg.seconds = [1_700_000_000, -2_208_988_800, 7_258_118_400][depth % 3]
                msg.nanos = 123_456_000
            return
        if d.full_name == "google.protobuf.Value":
            self.fill_value(msg, depth)
            return
        oneofs_done = set()
        for field in d.fields:
            if field.containing_oneof is not None:
                oneof = field.containing_oneof
                if oneof.name in oneofs_done:
                    continue
                oneofs_done.add(oneof.name)
                members = list(oneof.fields)
                if depth >= MAX_DEPTH:
                    members = [f for f in members if f.type != FD.TYPE_MESSAGE] or members[:0]
                    if not members:
                        continue
                field = members[self.oneof_choice % len(members)]
                self.set_field(msg, field, depth)
                continue
            self.set_field(msg, field, depth)

    def set_field(self, msg, field, depth):
        is_message = field.type == FD.TYPE_MESSAGE
        if is_message and depth >= MAX_DEPTH:
            return
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            if self.variant == "zero":
                return
            key_field = field.message_type.fields_by_name["key"]
            value_field = field.message_type.fields_by_name["value"]
            target = getattr(msg, field.name)
            for i in range(50 if self.variant == "large" and depth == 0 else 3):
                key = self.scalar(key_field, i)
                if key_field.type == FD.TYPE_STRING:
                    key = f"{key}-{i}"
                elif key_field.type != FD.TYPE_BOOL:
                    key = key + i if key + i <= 2**31 - 1 else key - i
                if value_field.type == FD.TYPE_MESSAGE:
                    self.fill(target[key], depth + 1)
                else:
                    target[key] = self.scalar(value_field, i)
            return
        if field.is_repeated:
            if self.variant == "zero":
                return
            # Only the top level is large: nested large lists would multiply.
            count = LARGE_REPEATED if self.variant == "large" and depth == 0 else 3
            target = getattr(msg, field.name)
            for i in range(count):
                if is_message:
                    self.fill(target.add(), depth + 1)
                else:
                    target.append(self.scalar(field, i))
            return
        if is_message:
            sub = getattr(msg, field.name)
            sub.SetInParent()  # present even when left empty: presence is meaningful
            self.fill(sub, depth + 1)
            return
        setattr(msg, field.name, self.scalar(field))

    def fill_value(self, msg, depth):
        """A Value always gets a kind: Swift reads a kind-less Value as null."""
        if self.variant == "zero" or depth >= MAX_DEPTH:
            msg.null_value = 0
            return
        choice = (self.oneof_choice + depth) % 6
        if choice == 0:
            msg.null_value = 0
        elif choice == 1:
            msg.number_value = -12.5
        elif choice == 2:
            msg.string_value = "värde"
        elif choice == 3:
            msg.bool_value = True
        elif choice == 4:
            for i, key in enumerate(["a", "ü", "nested"]):
                self.fill_value(msg.struct_value.fields[key], depth + 1)
        else:
            for _ in range(3):
                self.fill_value(msg.list_value.values.add(), depth + 1)


def samples(pool, files):
    for name in message_names(files):
        if name in MAPPED:
            continue
        cls = message_class(pool, name)
        oneof_widths = [len(o.fields) for o in cls.DESCRIPTOR.oneofs] or [1]
        variants = [("zero", 0), ("large", 0), ("unknown_enum", 0)]
        variants += [("full", choice) for choice in range(max(max(oneof_widths), 6))]
        for variant, choice in variants:
            msg = cls()
            Populator(variant, choice).fill(msg)
            yield name, msg.SerializeToString()


def write_records(path, records):
    with open(path, "wb") as f:
        for name, data in records:
            encoded = name.encode()
            f.write(struct.pack(">I", len(encoded)) + encoded + struct.pack(">I", len(data)) + data)


def read_records(path):
    with open(path, "rb") as f:
        data = f.read()
    offset = 0
    while offset < len(data):
        (n,) = struct.unpack_from(">I", data, offset)
        name = data[offset + 4 : offset + 4 + n].decode()
        offset += 4 + n
        (m,) = struct.unpack_from(">I", data, offset)
        yield name, data[offset + 4 : offset + 4 + m]
        offset += 4 + m


def main(argv):
    if len(argv) == 4 and argv[1] == "generate":
        pool, files = load_pool(argv[2])
        records = list(samples(pool, files))
        write_records(argv[3], records)
        print(f"wrote {len(records)} samples of {len({n for n, _ in records})} message types")
        return 0
    if len(argv) == 5 and argv[1] == "verify":
        pool, _ = load_pool(argv[2])
        originals = list(read_records(argv[3]))
        reencoded = list(read_records(argv[4]))
        if len(originals) != len(reencoded):
            print(f"{len(originals)} samples but {len(reencoded)} re-encoded messages")
            return 1
        failures = 0
        for (name, original), (swift_name, swift_bytes) in zip(originals, reencoded):
            cls = message_class(pool, name)
            expected, actual = cls.FromString(original), cls.FromString(swift_bytes)
            if name != swift_name or expected != actual:
                failures += 1
                if failures <= 5:
                    print(f"MISMATCH {name}:\nexpected {expected}\nswift    {actual}")
        print(f"{len(originals) - failures} passed, {failures} failed")
        return 1 if failures else 0
    if len(argv) == 6 and argv[1] == "encode":
        pool, _ = load_pool(argv[2])
        msg = json_format.Parse(argv[4], message_class(pool, argv[3])(), descriptor_pool=pool)
        with open(argv[5], "wb") as f:
            f.write(msg.SerializeToString())
        return 0
    if len(argv) == 6 and argv[1] == "matches":
        pool, _ = load_pool(argv[2])
        cls = message_class(pool, argv[3])
        expected = json_format.Parse(argv[4], cls(), descriptor_pool=pool)
        with open(argv[5], "rb") as f:
            actual = cls.FromString(f.read())
        if expected != actual:
            print(f"expected {expected}\nactual   {actual}")
            return 1
        return 0
    if len(argv) == 6 and argv[1] == "benchmark":
        pool, _ = load_pool(argv[2])
        msg = message_class(pool, argv[3])()
        Populator("full").fill(msg)
        data = msg.SerializeToString()
        with open(argv[5], "wb") as f:
            f.write(data)
        seconds = float(argv[4])
        print(json.dumps({
            "backend": api_implementation.Type(),
            "bytes": len(data),
            "encode_per_second": rate(seconds, msg.SerializeToString),
            "decode_per_second": rate(seconds, lambda: type(msg).FromString(data)),
        }))
        return 0
    print(__doc__)
    return 2


def rate(seconds, operation):
    """Calls per second of `operation`, run in batches for about `seconds`."""
    calls, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(100):
            operation()
        calls += 100
    return calls / elapsed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
