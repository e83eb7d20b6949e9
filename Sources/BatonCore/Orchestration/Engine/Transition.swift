/// A move between state types; `nil` on either side means "no state".
struct Transition: Hashable {
    var from: StateType?
    var to: StateType?
}
