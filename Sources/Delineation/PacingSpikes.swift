import Core
import DSP

/// Pacemaker stimuli: abrupt deflections that appear in several leads at once.
///
/// A sample is a stimulus in one lead when the signal moves at least 0.08 mV within 2 ms after
/// at least 4 ms in which no 1-sample change exceeded a sixth of that move, starting within
/// 0.1 mV of the median of the preceding 100 ms (a pacing spike, or the step a bipolar stimulus
/// leaves after the amplifier's filters; a QRS never starts that abruptly from rest, and a flat
/// R apex before a steep downstroke is not at rest), and that goes no further than half the move
/// in its direction in the next 4 ms (a stimulus stops or turns back; a steep QRS goes on). A
/// stimulus of the record is such a sample in at least three leads (or every lead, with fewer
/// than three) within 2 ms of each other; stimuli closer than 50 ms are one. NaN samples never
/// qualify.
///
/// The limb leads share three electrodes, so one electrode's noise spike can pass in five of
/// them (LUDB 2, 56, 138); demanding a precordial lead as well removes those but also loses the
/// weak bipolar stimuli of LUDB 93, and changed the LUDB scores by less than 0.1 %: not done.
///
/// - Parameters:
///   - leads: simultaneous raw signals in mV (not low-pass filtered: filtering smears the
///     stimulus over the neighbouring samples).
///   - samplingRate: Hz.
/// - Returns: ascending 0-based sample indices of the stimuli: the earliest sample with the most
///   lead votes, within 4 ms before the jump.
public func pacingSpikes(inLeads leads: [[Double]], samplingRate fs: Double) -> [Int] {
  guard let n = leads.first?.count, n > 0 else { return [] }
  let k = max(1, SamplingRate(hertz: fs).samples(0.002))
  let quiet = max(2, SamplingRate(hertz: fs).samples(0.004))
  var votes = [UInt8](repeating: 0, count: n)
  for x in leads where x.count == n {
    var i = quiet + 1
    while i + k < n {
      let jump = x[i + k - 1] - x[i - 1]
      if abs(jump) >= 0.08 {
        var before = 0.0
        for j in (i - quiet)..<i { before = max(before, abs(x[j] - x[j - 1])) }
        // From rest at the isoelectric level: within 0.1 mV of the median of the preceding
        // 100 ms (a flat R-wave apex followed by a steep downstroke is not a stimulus).
        func atRest() -> Bool {
          let restStart = max(0, i - 1 - SamplingRate(hertz: fs).samples(0.1))
          guard restStart < i - 1 else { return false }
          var rest = x[restStart..<(i - 1)].filter { !$0.isNaN }
          return abs(x[i - 1] - median(selectingIn: &rest)) <= 0.1
        }
        // A stimulus stops or turns back within 4 ms (a spike, or a step the amplifier then
        // lets decay); a QRS upstroke that starts abruptly out of noise goes on rising
        // (LUDB 33, 39, 80: steep sinus QRS onsets that were taken for stimuli).
        func stops() -> Bool {
          let end = i + k - 1
          guard end + quiet < n else { return false }
          let further = (1...quiet).map { (x[end + $0] - x[end]) * (jump > 0 ? 1 : -1) }.max() ?? 0
          return further <= 0.5 * abs(jump)
        }
        if before.isFinite && before * 6 <= abs(jump) && atRest() && stops() {
          for j in max(0, i - k)...min(n - 1, i + k) { votes[j] = votes[j] &+ 1 }
          i += quiet
          continue
        }
      }
      i += 1
    }
  }
  let needed = UInt8(min(3, leads.count))
  var spikes: [Int] = []
  let gap = SamplingRate(hertz: fs).samples(0.05)
  var i = 0
  while i < n {
    if votes[i] >= needed {
      var best = i
      var j = i
      while j < n && votes[j] >= needed { if votes[j] > votes[best] { best = j }; j += 1 }
      if spikes.last.map({ best - $0 >= gap }) ?? true { spikes.append(best) }
      i = j
    } else {
      i += 1
    }
  }
  return spikes
}

/// The stimulus that paces the beat whose R peak is at `r`: the last of `spikes` from 150 ms
/// before to 10 ms after it, or nil for a beat that is not paced.
public func pacingStimulus(ofBeatAt r: Int, spikes: [Int], samplingRate fs: Double) -> Int? {
  func s(_ sec: Double) -> Int { max(1, SamplingRate(hertz: fs).samples(sec)) }
  return spikes.last { $0 >= r - s(0.15) && $0 <= r + s(0.01) }
}
