"""What every area builds on and no area owns: who acts (the actor and its roles) and the
audit trail stamped with it. It sits below every area, so any area may import it."""
