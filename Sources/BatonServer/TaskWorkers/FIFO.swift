/// A first-in first-out buffer whose removals are O(1): a read index into an array, compacted
/// once most of the array has been consumed.
struct FIFO<Element> {
  private var elements: [Element] = []
  private var head = 0

  var count: Int { elements.count - head }
  var isEmpty: Bool { head == elements.count }

  /// The element `popFirst` would return.
  var first: Element? { head < elements.count ? elements[head] : nil }

  /// Whether an element still waiting satisfies `predicate`.
  func contains(where predicate: (Element) -> Bool) -> Bool {
    elements[head...].contains(where: predicate)
  }

  mutating func append(_ element: Element) {
    elements.append(element)
  }

  mutating func popFirst() -> Element? {
    guard head < elements.count else { return nil }
    let element = elements[head]
    head += 1
    if head >= 64 && head * 2 >= elements.count {
      elements.removeFirst(head)
      head = 0
    }
    return element
  }
}
