/// Random two-word names (`adjective-animal`) for runs created without one, as Prefect gives.
enum RandomSlug {
    private static let adjectives = [
        "agile", "amber", "bold", "brave", "bright", "calm", "clever", "cosmic", "crimson", "daring", "eager",
        "fancy", "fearless", "gentle", "golden", "happy", "hidden", "jolly", "keen", "lively", "lucky", "mellow",
        "nimble", "noble", "olive", "polite", "quick", "quiet", "rapid", "silver", "smart", "steady", "sunny",
        "swift", "tidy", "vivid", "warm", "witty", "zany", "zealous",
    ]
    private static let animals = [
        "alpaca", "badger", "beaver", "bison", "camel", "caribou", "cheetah", "cobra", "coyote", "crane", "dingo",
        "dolphin", "eagle", "ferret", "finch", "gazelle", "gecko", "heron", "ibex", "jackal", "koala", "lemur",
        "lynx", "mallard", "marmot", "narwhal", "ocelot", "otter", "panda", "parrot", "puffin", "quail", "raven",
        "seal", "stork", "tapir", "toucan", "walrus", "wombat", "zebra",
    ]

    static func make() -> String {
        "\(adjectives.randomElement()!)-\(animals.randomElement()!)"
    }

    /// `name` when it is a real name; a fresh slug for `nil` or empty (Prefect's default).
    static func name(_ name: String?) -> String {
        guard let name, !name.isEmpty else { return make() }
        return name
    }
}
