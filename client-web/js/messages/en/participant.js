// English strings for the participant screens (keys 'participant.*'). The German file beside it has the same keys.
export default {
};
